/** GET /classes/:code/events: Server-Sent Events for the teacher's dashboard. */
import type { FastifyInstance } from 'fastify';
import type { OutgoingHttpHeaders } from 'node:http';
import { guardedClass, teacherGuard } from '../auth/guards';
import { HttpError } from '../errors';
import { classParams, eventsQuery } from '../schemas';
import type { RouteContext } from './context';

export function registerEventRoutes(app: FastifyInstance, { store, events }: RouteContext): void {
  app.get(
    '/classes/:code/events',
    // EventSource cannot send headers, hence the ?token= fallback; the logger never records query strings.
    { onRequest: teacherGuard(store, { allowQueryToken: true }), schema: { params: classParams, querystring: eventsQuery } },
    async (request, reply) => {
      const classRecord = guardedClass(request);
      if (!events.hasRoomFor(classRecord.id)) throw new HttpError(429, 'too many live streams open for this class');
      const counts = await store.countStudents(classRecord.id);
      reply.hijack();
      // Hijacked replies skip Fastify's header writing: carry over what the hooks set (CORS).
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
      reply.raw.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      events.subscribe(classRecord.id, reply.raw, { type: 'ready', participants: counts.joined, sharing: counts.sharing });
    },
  );
}
