/**
 * A thin fetch wrapper for the hub tests: every answer is read as JSON (the hub promises JSON
 * for errors too), and requests can carry raw bodies and odd headers for the fuzz test.
 */
import type { MinuteAggregate } from '../../../hub/contract';

export interface HubAnswer {
  status: number;
  headers: Headers;
  /** Parsed JSON, or the raw text when it was not JSON (which the tests treat as a failure). */
  body: any;
  isJson: boolean;
}

export interface CallOptions {
  token?: string;
  /** Serialised as JSON with Content-Type: application/json. */
  json?: unknown;
  /** Sent as is, with `contentType` (default application/json). */
  raw?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<HubAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  } else if (options.raw !== undefined) {
    body = options.raw;
    headers['content-type'] = options.contentType ?? 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  try {
    return { status: response.status, headers: response.headers, body: JSON.parse(text), isJson: true };
  } catch {
    return { status: response.status, headers: response.headers, body: text, isJson: false };
  }
}

export interface TeacherClass {
  classId: string;
  code: string;
  teacherSecret: string;
}

export interface JoinedStudent {
  studentId: string;
  studentToken: string;
}

export async function createClass(baseUrl: string, name = 'Biology 9b', meetingLink?: string): Promise<TeacherClass> {
  const answer = await call(baseUrl, 'POST', '/classes', { json: { name, ...(meetingLink ? { meetingLink } : {}) } });
  if (answer.status !== 201) throw new Error(`create class: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as TeacherClass;
}

export async function join(baseUrl: string, code: string, displayName: string): Promise<JoinedStudent> {
  const answer = await call(baseUrl, 'POST', `/classes/${code}/join`, { json: { displayName } });
  if (answer.status !== 201) throw new Error(`join: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as JoinedStudent;
}

export function upload(baseUrl: string, code: string, token: string, minutes: MinuteAggregate[]): Promise<HubAnswer> {
  return call(baseUrl, 'PUT', `/classes/${code}/students/me/minutes`, { token, json: { minutes } });
}

/** The start of the current minute, minus `minutesAgo` minutes. */
export function minuteStart(minutesAgo = 0, now = Date.now()): number {
  return Math.floor(now / 60_000) * 60_000 - minutesAgo * 60_000;
}

/** A consistent minute: 60 samples split 30 / 15 / 5 / 6 / 4 unless overridden. */
export function makeMinute(minute: number, overrides: Partial<MinuteAggregate> = {}): MinuteAggregate {
  const base: MinuteAggregate = {
    minute,
    samples: 60,
    positive: 30,
    neutral: 15,
    negative: 5,
    notDetected: 6,
    unknown: 4,
    meanEngagement: 0.6,
    topExpression: 'happy',
  };
  const merged = { ...base, ...overrides };
  if (overrides.samples === undefined) {
    merged.samples = merged.positive + merged.neutral + merged.negative + merged.notDetected + merged.unknown;
  }
  return merged;
}
