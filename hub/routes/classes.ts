/** Teacher routes on the class itself: create, read, close, delete. */
import type { FastifyInstance } from 'fastify';
import { newClassCode } from '../auth/class-code';
import { guardedClass, teacherGuard } from '../auth/guards';
import { hashSecret, newId, newSecret } from '../auth/secrets';
import { ClassCodeTakenError } from '../storage/types';
import type { ClassRecord } from '../storage/types';
import { classSummaryView } from '../teacher-views';
import {
  classInfoResponse,
  classParams,
  closeClassResponse,
  createClassBody,
  createClassResponse,
  deletedResponse,
  noQuery,
} from '../schemas';
import type { RouteContext } from './context';
import { rateLimited } from './rate-limited';

interface CreateClassBody {
  name: string;
  meetingLink?: string | null;
}

const CODE_ATTEMPTS = 5;

export function registerClassRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, events, now } = context;
  const teacherOnly = teacherGuard(store);

  app.post<{ Body: CreateClassBody }>(
    '/classes',
    {
      onRequest: rateLimited(context.limits.classCreations, 'new classes'),
      schema: { querystring: noQuery, body: createClassBody, response: createClassResponse },
    },
    async (request, reply) => {
      const teacherSecret = newSecret();
      const classRecord = await createWithFreshCode(context, {
        name: request.body.name.trim(),
        meetingLink: request.body.meetingLink ?? null,
        teacherSecretHash: hashSecret(teacherSecret),
      });
      return reply.status(201).send({ classId: classRecord.id, code: classRecord.code, teacherSecret });
    },
  );

  app.get(
    '/classes/:code',
    { onRequest: teacherOnly, schema: { params: classParams, querystring: noQuery, response: classInfoResponse } },
    async (request) => {
      const classRecord = guardedClass(request);
      const counts = await store.countStudents(classRecord.id);
      return {
        classId: classRecord.id,
        code: classRecord.code,
        name: classRecord.name,
        meetingLink: classRecord.meetingLink,
        createdAt: classRecord.createdAt,
        closedAt: classRecord.closedAt,
        participants: counts.joined,
        sharing: counts.sharing,
        summary: classSummaryView(await store.classTotals(classRecord.id), counts.sharing),
      };
    },
  );

  app.post(
    '/classes/:code/close',
    { onRequest: teacherOnly, schema: { params: classParams, querystring: noQuery, response: closeClassResponse } },
    async (request) => {
      const closed = await store.closeClass(guardedClass(request).id, now());
      const closedAt = closed.closedAt ?? now();
      events.publish(closed.id, { type: 'closed', closedAt });
      return { closedAt };
    },
  );

  app.delete(
    '/classes/:code',
    { onRequest: teacherOnly, schema: { params: classParams, querystring: noQuery, response: deletedResponse } },
    async (request) => {
      const classRecord = guardedClass(request);
      await store.deleteClass(classRecord.id);
      events.publish(classRecord.id, { type: 'deleted' });
      events.endClass(classRecord.id);
      return { deleted: true };
    },
  );
}

async function createWithFreshCode(
  { store, now }: RouteContext,
  fields: Pick<ClassRecord, 'name' | 'meetingLink' | 'teacherSecretHash'>,
): Promise<ClassRecord> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store.createClass({ id: newId(), code: newClassCode(), createdAt: now(), ...fields });
    } catch (error) {
      // A collision in a 2^50 space is a freak event; a run of them means something else is wrong.
      if (!(error instanceof ClassCodeTakenError) || attempt >= CODE_ATTEMPTS) throw error;
    }
  }
}
