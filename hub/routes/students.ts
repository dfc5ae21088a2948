/** Student routes: join (consent), upload minutes, read back, stop-and-delete. */
import type { FastifyInstance } from 'fastify';
import { findClass, guardedClass, guardedStudent, studentGuard } from '../auth/guards';
import { formatStudentToken, hashSecret, newId, newSecret } from '../auth/secrets';
import type { MinuteAggregate } from '../contract';
import { HttpError } from '../errors';
import { findMinuteProblem } from '../minute-checks';
import {
  classParams,
  deletedResponse,
  joinBody,
  joinResponse,
  myDataResponse,
  noQuery,
  uploadMinutesBody,
  uploadMinutesResponse,
} from '../schemas';
import type { RouteContext } from './context';
import { rateLimited } from './rate-limited';

export function registerStudentRoutes(app: FastifyInstance, context: RouteContext): void {
  const { store, events, now, limits } = context;
  const studentOnly = studentGuard(store);

  app.post<{ Body: { displayName: string } }>(
    '/classes/:code/join',
    {
      onRequest: rateLimited(limits.joins, 'joins'),
      schema: { params: classParams, querystring: noQuery, body: joinBody, response: joinResponse },
    },
    async (request, reply) => {
      const classRecord = await findClass(store, request);
      if (classRecord.closedAt !== null) throw new HttpError(409, 'this class is closed');
      const { joined } = await store.countStudents(classRecord.id);
      if (joined >= limits.maxStudentsPerClass) throw new HttpError(409, `this class is full (${limits.maxStudentsPerClass} students)`);

      const secret = newSecret();
      const student = await store.addStudent({
        id: newId(),
        classId: classRecord.id,
        displayName: request.body.displayName.trim(),
        tokenHash: hashSecret(secret),
        joinedAt: now(),
      });
      events.publish(classRecord.id, {
        type: 'joined',
        studentId: student.id,
        displayName: student.displayName,
        participants: joined + 1,
      });
      // The class's name and meeting link let the extension recognise the meeting next time and offer the class again.
      return reply.status(201).send({
        studentId: student.id,
        studentToken: formatStudentToken({ studentId: student.id, secret }),
        className: classRecord.name,
        meetingLink: classRecord.meetingLink,
      });
    },
  );

  /**
   * Idempotent by (student, minute): a retry with the same content changes nothing, a minute
   * sent again with different content replaces the stored one (the extension may correct a
   * minute it sent early). Minutes starting at or after the class closed are ignored, and
   * counted as such so that the extension can drop them from its queue.
   */
  app.put<{ Body: { minutes: MinuteAggregate[] } }>(
    '/classes/:code/students/me/minutes',
    {
      onRequest: studentOnly,
      schema: { params: classParams, querystring: noQuery, body: uploadMinutesBody, response: uploadMinutesResponse },
    },
    async (request) => {
      const classRecord = guardedClass(request);
      const student = guardedStudent(request);
      const receivedAt = now();
      const problem = findMinuteProblem(request.body.minutes, receivedAt);
      if (problem) throw new HttpError(400, problem);

      const closedAt = classRecord.closedAt;
      const accepted = closedAt === null ? request.body.minutes : request.body.minutes.filter((m) => m.minute < closedAt);
      const stored = await store.countStudentMinutes(student.id);
      // Counts every accepted minute as new: may refuse a batch of corrections at the very edge of the quota.
      if (stored + accepted.length > limits.maxMinutesPerStudent) {
        throw new HttpError(409, `the hub keeps at most ${limits.maxMinutesPerStudent} minutes per student`);
      }
      const outcome = await store.upsertMinutes(student, accepted, receivedAt);
      if (outcome.inserted + outcome.replaced > 0) {
        events.publish(classRecord.id, {
          type: 'minutes',
          studentId: student.id,
          minutes: accepted.map((m) => m.minute),
          inserted: outcome.inserted,
          replaced: outcome.replaced,
        });
      }
      return { ...outcome, ignoredAfterClose: request.body.minutes.length - accepted.length };
    },
  );

  /** Everything the hub holds about the student, so they can check what they share. */
  app.get(
    '/classes/:code/students/me',
    { onRequest: studentOnly, schema: { params: classParams, querystring: noQuery, response: myDataResponse } },
    async (request) => {
      const student = guardedStudent(request);
      return {
        studentId: student.id,
        displayName: student.displayName,
        joinedAt: student.joinedAt,
        minutes: await store.listStudentMinutes(student.id),
      };
    },
  );

  /** Stop sharing and delete: the token stops working and no row of the student's stays on the hub. */
  app.delete(
    '/classes/:code/students/me',
    { onRequest: studentOnly, schema: { params: classParams, querystring: noQuery, response: deletedResponse } },
    async (request) => {
      const classRecord = guardedClass(request);
      const student = guardedStudent(request);
      const minutesDeleted = await store.deleteStudent(student.id);
      const { joined } = await store.countStudents(classRecord.id);
      events.publish(classRecord.id, { type: 'revoked', studentId: student.id, participants: joined });
      return { deleted: true, minutesDeleted };
    },
  );
}
