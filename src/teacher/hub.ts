/**
 * The teacher's side of the hub API (hub/README.md): create a class, read its participants,
 * timeline and info, follow its events, close and delete it. Plain fetch with a timeout; every
 * failure becomes a TeacherHubError whose message (a message key, shown in the page's language)
 * a teacher can act on.
 */
import type { ClassEvent, Withheld } from '../../hub/contract';
import type { ClassSummaryView, ParticipantView, TimelineView } from '../../hub/teacher-views';
import { LocalizedError, type MessageKey, type TextParam } from '../shared/i18n';
import { checkHubUrl } from '../shared/sharing';

export type { ClassEvent, ParticipantView, TimelineView, Withheld };
export type Timeline = TimelineView | Withheld;

export interface CreatedClass {
  classId: string;
  code: string;
  teacherSecret: string;
}

export interface ClassInfo {
  classId: string;
  code: string;
  name: string;
  meetingLink: string | null;
  createdAt: number;
  closedAt: number | null;
  participants: number;
  sharing: number;
  summary: ClassSummaryView | Withheld;
}

/** Where a class lives and the credential that reads it. */
export interface ClassAccess {
  hubUrl: string;
  code: string;
  teacherSecret: string;
}

type HubErrorKey = Extract<MessageKey, `hubError_${string}`> | 'teacher_hubInvalid';

export class TeacherHubError extends LocalizedError {
  override name = 'TeacherHubError';
  constructor(
    key: HubErrorKey,
    params: Record<string, TextParam>,
    readonly status: number | null,
  ) {
    super(key, params);
  }
  /** The class no longer exists for this secret (deleted, or wrong secret). */
  get gone(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 404;
  }
}

export interface TeacherHubOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export class TeacherHub {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: TeacherHubOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async createClass(hubUrl: string, name: string, meetingLink?: string): Promise<CreatedClass> {
    const trimmed = name.trim();
    if (trimmed === '') throw new TeacherHubError('hubError_noName', {}, null);
    const link = meetingLink?.trim();
    const body = { name: trimmed, ...(link ? { meetingLink: link } : {}) };
    const answer = await this.request(hubUrl, 'POST', '/classes', null, body);
    if (!isRecord(answer) || typeof answer.code !== 'string' || typeof answer.teacherSecret !== 'string' || typeof answer.classId !== 'string') {
      throw new TeacherHubError('hubError_unexpected', {}, null);
    }
    return { classId: answer.classId, code: answer.code, teacherSecret: answer.teacherSecret };
  }

  async classInfo(access: ClassAccess): Promise<ClassInfo> {
    return (await this.request(access.hubUrl, 'GET', classPath(access), access.teacherSecret)) as ClassInfo;
  }

  async participants(access: ClassAccess): Promise<ParticipantView[]> {
    const answer = await this.request(access.hubUrl, 'GET', `${classPath(access)}/participants`, access.teacherSecret);
    if (!isRecord(answer) || !Array.isArray(answer.participants)) throw new TeacherHubError('hubError_unexpected', {}, null);
    return answer.participants as ParticipantView[];
  }

  async timeline(access: ClassAccess): Promise<Timeline> {
    return (await this.request(access.hubUrl, 'GET', `${classPath(access)}/timeline`, access.teacherSecret)) as Timeline;
  }

  async close(access: ClassAccess): Promise<{ closedAt: number }> {
    return (await this.request(access.hubUrl, 'POST', `${classPath(access)}/close`, access.teacherSecret)) as { closedAt: number };
  }

  async remove(access: ClassAccess): Promise<void> {
    await this.request(access.hubUrl, 'DELETE', classPath(access), access.teacherSecret);
  }

  private async request(hubUrl: string, method: string, path: string, secret: string | null, body?: unknown): Promise<unknown> {
    const checked = checkHubUrl(hubUrl);
    if (!checked.ok) throw new TeacherHubError('teacher_hubInvalid', { reason: checked.error }, null);
    const headers: Record<string, string> = {};
    if (secret) headers.Authorization = `Bearer ${secret}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(`${checked.url}${path}`, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        cache: 'no-store',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new TeacherHubError(timedOut ? 'hubError_timeout' : 'hubError_unreachable', { url: checked.url }, null);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const detail = isRecord(parsed) && typeof parsed.error === 'string' ? parsed.error : `HTTP ${response.status}`;
      const key = response.status === 404 ? 'hubError_notFound' : response.status === 401 || response.status === 403 ? 'hubError_refusedAccess' : 'hubError_refused';
      throw new TeacherHubError(key, { detail }, response.status);
    }
    return parsed;
  }
}

function classPath(access: ClassAccess): string {
  return `/classes/${encodeURIComponent(access.code)}`;
}

/** The SSE address; EventSource cannot send headers, so the secret travels as `?token=` (the hub never logs query strings). */
export function eventsUrl(access: ClassAccess): string {
  const checked = checkHubUrl(access.hubUrl);
  if (!checked.ok) throw new TeacherHubError('teacher_hubInvalid', { reason: checked.error }, null);
  return `${checked.url}${classPath(access)}/events?token=${encodeURIComponent(access.teacherSecret)}`;
}

export function isWithheld(value: unknown): value is Withheld {
  return isRecord(value) && value.withheld === true;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
