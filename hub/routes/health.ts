import type { FastifyInstance } from 'fastify';
import { healthResponse, noQuery } from '../schemas';

export function registerHealthRoutes(app: FastifyInstance): void {
  app.get('/health', { schema: { querystring: noQuery, response: healthResponse } }, async () => ({ ok: true }));
}
