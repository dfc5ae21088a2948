/**
 * The student's side of the hub API (hub/README.md): join, upload minutes, stop and delete.
 * A fetch wrapper with a timeout and errors that say what happened and whether a retry helps.
 */
import { LocalizedError, localizedText, type LocalizedText } from '../../shared/i18n';
import { checkHubUrl, previewPayload, type HubMinute, type ShareConsent } from '../../shared/sharing';

/**
 * - network: the hub could not be reached (offline, hub down, timeout) → retry later
 * - server: 5xx or 429 → retry later
 * - gone: 401/403/404 → the class was deleted or closed to us, or our access was revoked → stop
 * - refused: any other 4xx (invalid data, class full …) → stop and show the reason
 */
export type HubErrorKind = 'network' | 'server' | 'gone' | 'refused';

/** Its text is a message (LocalizedText), stored with the consent and worded by the popup. */
export class HubError extends LocalizedError {
  override name = 'HubError';
  constructor(
    readonly kind: HubErrorKind,
    text: LocalizedText,
    readonly status: number | null = null,
  ) {
    super(text.key, text.params);
  }
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'server';
  }
}

export interface UploadResult {
  inserted: number;
  replaced: number;
  unchanged: number;
  ignoredAfterClose: number;
}

export interface JoinResult {
  studentId: string;
  studentToken: string;
  /** Hubs older than these two fields leave them out. */
  className?: string;
  meetingLink?: string | null;
}

export interface HubClientOptions {
  fetch?: typeof fetch;
  /** Per request; default 15 s. */
  timeoutMs?: number;
}

export class HubClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: HubClientOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  async join(hubUrl: string, classCode: string, displayName: string): Promise<JoinResult> {
    const body = await this.request(hubUrl, 'POST', `/classes/${encodeURIComponent(classCode)}/join`, {
      body: JSON.stringify({ displayName }),
    });
    if (!isJoinResult(body)) throw new HubError('refused', localizedText('shareError_unexpectedJoin'));
    return body;
  }

  /** PUT the minutes; the body is exactly previewPayload(minutes), what the consent screen showed. */
  async uploadMinutes(consent: ShareConsent, minutes: readonly HubMinute[]): Promise<UploadResult> {
    const body = await this.request(consent.hubUrl, 'PUT', `/classes/${encodeURIComponent(consent.classCode)}/students/me/minutes`, {
      token: consent.studentToken,
      body: previewPayload(minutes),
    });
    const result = body as Partial<UploadResult> | null;
    return {
      inserted: result?.inserted ?? 0,
      replaced: result?.replaced ?? 0,
      unchanged: result?.unchanged ?? 0,
      ignoredAfterClose: result?.ignoredAfterClose ?? 0,
    };
  }

  /** Stop sharing and delete everything of this student's on the hub. */
  async deleteMe(consent: Pick<ShareConsent, 'hubUrl' | 'classCode' | 'studentToken'>): Promise<{ minutesDeleted: number }> {
    const body = (await this.request(consent.hubUrl, 'DELETE', `/classes/${encodeURIComponent(consent.classCode)}/students/me`, {
      token: consent.studentToken,
    })) as { minutesDeleted?: number } | null;
    return { minutesDeleted: body?.minutesDeleted ?? 0 };
  }

  private async request(hubUrl: string, method: string, path: string, options: { token?: string; body?: string }): Promise<unknown> {
    const checked = checkHubUrl(hubUrl);
    if (!checked.ok) throw new HubError('refused', checked.error);
    const headers: Record<string, string> = {};
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${checked.url}${path}`, {
        method,
        headers,
        body: options.body,
        signal: controller.signal,
        credentials: 'omit',
        cache: 'no-store',
      });
      text = await response.text();
    } catch (error) {
      const reason = controller.signal.aborted ? localizedText('shareError_noAnswerWithin', { seconds: Math.round(this.timeoutMs / 1000) }) : describe(error);
      throw new HubError('network', localizedText('shareError_unreachable', { url: checked.url, reason }));
    } finally {
      clearTimeout(timer);
    }
    let body: unknown = null;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    if (response.ok) return body;
    // The hub's own words (English, from the hub) are kept as a detail inside Raut's sentence.
    const detail = typeof (body as { error?: unknown } | null)?.error === 'string' ? (body as { error: string }).error : `HTTP ${response.status}`;
    const status = response.status;
    if (status >= 500 || status === 429) throw new HubError('server', localizedText('shareError_server', { status, detail }), status);
    if (status === 401 || status === 403) throw new HubError('gone', localizedText('shareError_accessEnded', { detail }), status);
    if (status === 404) throw new HubError('gone', localizedText('shareError_classGone', { detail }), status);
    if (status === 409) throw new HubError('refused', localizedText('shareError_classClosed', { detail }), status);
    throw new HubError('refused', localizedText('shareError_refused', { status, detail }), status);
  }
}

function isJoinResult(value: unknown): value is JoinResult {
  const v = value as Partial<JoinResult> | null;
  return (
    typeof v?.studentId === 'string' &&
    typeof v.studentToken === 'string' &&
    v.studentToken.length > 0 &&
    (v.className === undefined || typeof v.className === 'string') &&
    (v.meetingLink === undefined || v.meetingLink === null || typeof v.meetingLink === 'string')
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
