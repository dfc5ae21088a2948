/** Teacher reads: the participants table and the class timeline (k-anonymous). */
import type { FastifyInstance } from 'fastify';
import { guardedClass, teacherGuard } from '../auth/guards';
import { classParams, noQuery, participantsResponse, timelineResponse } from '../schemas';
import { participantView, timelineView } from '../teacher-views';
import type { RouteContext } from './context';

export function registerClassViewRoutes(app: FastifyInstance, { store }: RouteContext): void {
  const teacherOnly = teacherGuard(store);

  app.get(
    '/classes/:code/participants',
    { onRequest: teacherOnly, schema: { params: classParams, querystring: noQuery, response: participantsResponse } },
    async (request) => {
      const rows = await store.listParticipants(guardedClass(request).id);
      return { participants: rows.map(participantView) };
    },
  );

  app.get(
    '/classes/:code/timeline',
    { onRequest: teacherOnly, schema: { params: classParams, querystring: noQuery, response: timelineResponse } },
    async (request) => {
      const classId = guardedClass(request).id;
      const { sharing } = await store.countStudents(classId);
      return timelineView(await store.timeline(classId), sharing);
    },
  );
}
