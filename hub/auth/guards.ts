/**
 * Route guards (onRequest hooks, so that unauthenticated requests are refused before their body
 * is read). Teacher routes need the class's teacher secret; student routes need that student's
 * token. 401: no or wrong credentials. 403: valid credentials of the wrong kind or class.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../errors';
import type { ClassRecord, HubStore, StudentRecord } from '../storage/types';
import { normalizeClassCode } from './class-code';
import { parseStudentToken, secretMatches } from './secrets';

declare module 'fastify' {
  interface FastifyRequest {
    hubClass: ClassRecord | null;
    hubStudent: StudentRecord | null;
  }
}

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** The bearer token from `Authorization`, or from `?token=` where `allowQueryToken` (EventSource cannot set headers). */
export function presentedToken(request: FastifyRequest, allowQueryToken = false): string | null {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw new HttpError(401, 'the Authorization header must read "Bearer <token>"');
    return match[1];
  }
  if (allowQueryToken) {
    const token = (request.query as { token?: unknown } | undefined)?.token;
    if (typeof token === 'string' && token.length > 0) return token;
  }
  return null;
}

export async function findClass(store: HubStore, request: FastifyRequest): Promise<ClassRecord> {
  const raw = (request.params as { code?: unknown }).code;
  const code = typeof raw === 'string' ? normalizeClassCode(raw) : null;
  if (code === null) throw new HttpError(400, 'a class code is 10 characters from 2-9 and A-Z without I and O');
  const found = await store.findClassByCode(code);
  if (!found) throw new HttpError(404, `no class with code ${code}`);
  return found;
}

async function isStudentOf(store: HubStore, classRecord: ClassRecord, token: string): Promise<boolean> {
  const parsed = parseStudentToken(token);
  if (!parsed) return false;
  const student = await store.findStudent(parsed.studentId);
  return student !== null && student.classId === classRecord.id && secretMatches(parsed.secret, student.tokenHash);
}

export function teacherGuard(store: HubStore, options: { allowQueryToken?: boolean } = {}): Guard {
  return async (request) => {
    const classRecord = await findClass(store, request);
    const token = presentedToken(request, options.allowQueryToken);
    if (token === null) throw new HttpError(401, 'this route needs the teacher secret: Authorization: Bearer <teacherSecret>');
    if (!secretMatches(token, classRecord.teacherSecretHash)) {
      if (await isStudentOf(store, classRecord, token)) throw new HttpError(403, 'a student token cannot use teacher routes');
      throw new HttpError(401, 'wrong teacher secret for this class');
    }
    request.hubClass = classRecord;
  };
}

export function studentGuard(store: HubStore): Guard {
  return async (request) => {
    const classRecord = await findClass(store, request);
    const token = presentedToken(request);
    if (token === null) throw new HttpError(401, 'this route needs your student token: Authorization: Bearer <studentToken>');
    const parsed = parseStudentToken(token);
    if (!parsed) {
      if (secretMatches(token, classRecord.teacherSecretHash)) throw new HttpError(403, 'the teacher secret cannot act as a student');
      throw new HttpError(401, 'not a student token');
    }
    const student = await store.findStudent(parsed.studentId);
    if (!student || !secretMatches(parsed.secret, student.tokenHash)) {
      throw new HttpError(401, 'unknown or revoked student token');
    }
    if (student.classId !== classRecord.id) throw new HttpError(403, 'this student token belongs to another class');
    request.hubClass = classRecord;
    request.hubStudent = student;
  };
}

/** The guarded class or student inside a handler; a missing one is a wiring bug, hence 500. */
export function guardedClass(request: FastifyRequest): ClassRecord {
  if (!request.hubClass) throw new Error('route without a class guard');
  return request.hubClass;
}

export function guardedStudent(request: FastifyRequest): StudentRecord {
  if (!request.hubStudent) throw new Error('route without a student guard');
  return request.hubStudent;
}
