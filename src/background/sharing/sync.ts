/**
 * Consented sharing, background side: join a class, turn newly completed minutes of the shared
 * sessions into aggregates, queue them in the outbox (IndexedDB), upload them in batches, and
 * stop/delete on request. Sharing is off until the student joins a class, and only that class's
 * consent is used for it (privacy rule 3); only per-minute aggregates leave the machine (rule 4).
 *
 * Consents live in storage.local under `shareConsents` (one per class code); a deletion the hub
 * has not confirmed yet lives under `shareRevocations` and is retried until it is, so a
 * student's "stop and delete" is never lost to an unreachable hub or a worker restart.
 */
import { localizedError, localizedText, textOfError, type DisplayText } from '../../shared/i18n';
import {
  checkHubUrl,
  classToOffer,
  firstSharedMinute,
  isMeetingPage,
  MAX_DISPLAY_NAME,
  MAX_MINUTES_PER_UPLOAD,
  MINUTE_MS,
  meetingPrefix,
  minutesToShare,
  normaliseClassCode,
  previewPayload,
  type HubMinute,
  type KnownClass,
  type ShareConsent,
  type ShareConsentState,
  type ShareFailure,
  type SharePreview,
  type ShareStatus,
  type ShareStatusEntry,
} from '../../shared/sharing';
import { listSessions, type RautDb } from '../../shared/storage';
import type { SampleRecord } from '../../shared/types';
import { isRecord } from '../../shared/validate';
import { HubClient, HubError } from './hub-client';
import type { KeyValueStore } from './kv';
import { clearClass, countQueued, enqueueMinutes, peekMinutes, removeMinutes } from './outbox';

export const CONSENTS_KEY = 'shareConsents';
export const REVOCATIONS_KEY = 'shareRevocations';
export const KNOWN_CLASSES_KEY = 'knownClasses';
/** Retry delays after failures: 30 s, 1, 2, 4 … min, capped at 15 min. */
export const BACKOFF = { baseMs: 30_000, maxMs: 15 * 60_000 } as const;

export function backoffDelay(failures: number): number {
  return Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** Math.max(0, failures - 1));
}

/** A "stop and delete" the hub has not confirmed yet. */
export interface PendingRevocation {
  classCode: string;
  hubUrl: string;
  studentId: string;
  studentToken: string;
  requestedAt: number;
  attempts: number;
  /** Plain text in deletions stored by an earlier version; a LocalizedText since. */
  lastError: DisplayText | null;
  retryAt: number | null;
}

export interface SyncReport {
  uploaded: number;
  enqueued: number;
  revocationsConfirmed: number;
  errors: ShareFailure[];
}

export interface ShareSyncOptions {
  db: () => Promise<RautDb>;
  /** storage.local in the extension (browser-kv.ts). */
  kv: KeyValueStore;
  client?: HubClient;
  now?: () => number;
  /** False while the school's managed policy turns sharing off (src/shared/policy.ts); default: allowed. */
  sharingAllowed?: () => Promise<boolean>;
}

type Consents = Record<string, ShareConsentState>;
type Revocations = Record<string, PendingRevocation>;
type KnownClasses = Record<string, KnownClass>;

const revocationKey = (classCode: string, studentId: string) => `${classCode}|${studentId}`;

export class ShareSync {
  private readonly client: HubClient;
  private readonly now: () => number;
  private tail: Promise<unknown> = Promise.resolve();
  private running: Promise<SyncReport> | null = null;

  constructor(private readonly options: ShareSyncOptions) {
    this.client = options.client ?? new HubClient();
    this.now = options.now ?? Date.now;
  }

  /** Runs `task` after every earlier one: consents and the outbox are changed by one task at a time. */
  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async consents(): Promise<Consents> {
    const raw = await this.options.kv.get(CONSENTS_KEY);
    return isRecord(raw) ? (raw as Consents) : {};
  }

  private async revocations(): Promise<Revocations> {
    const raw = await this.options.kv.get(REVOCATIONS_KEY);
    return isRecord(raw) ? (raw as Revocations) : {};
  }

  private sharingAllowed(): Promise<boolean> {
    return this.options.sharingAllowed?.() ?? Promise.resolve(true);
  }

  private async knownClasses(): Promise<KnownClasses> {
    const raw = await this.options.kv.get(KNOWN_CLASSES_KEY);
    return isRecord(raw) ? (raw as KnownClasses) : {};
  }

  private async rememberClass(consent: ShareConsentState, teacherMeetingLink: string | null): Promise<void> {
    const known = await this.knownClasses();
    const prefixes = new Set(known[consent.classCode]?.meetingPrefixes ?? []);
    for (const candidate of [consent.sessionUrlPrefix, teacherMeetingLink]) {
      const prefix = candidate ? meetingPrefix(candidate) : null;
      if (prefix) prefixes.add(prefix);
    }
    known[consent.classCode] = {
      classCode: consent.classCode,
      hubUrl: consent.hubUrl,
      className: consent.className ?? null,
      displayName: consent.displayName,
      meetingPrefixes: [...prefixes],
      lastJoinedAt: consent.consentedAt,
    };
    await this.options.kv.set(KNOWN_CLASSES_KEY, known);
  }

  /** "Delete all my data": no class is remembered any more. */
  forgetAllClasses(): Promise<void> {
    return this.exclusive(() => this.options.kv.set(KNOWN_CLASSES_KEY, {}));
  }

  /** "Not this class" (and "stop and delete"): the class is no longer offered. */
  forget(classCode: string): Promise<boolean> {
    return this.exclusive(() => this.forgetNow(classCode));
  }

  private async forgetNow(classCode: string): Promise<boolean> {
    const code = normaliseClassCode(classCode) ?? classCode.trim().toUpperCase();
    const known = await this.knownClasses();
    if (!known[code]) return false;
    delete known[code];
    await this.options.kv.set(KNOWN_CLASSES_KEY, known);
    return true;
  }

  private async patchConsent(classCode: string, studentId: string, patch: Partial<ShareConsentState>): Promise<void> {
    const all = await this.consents();
    const current = all[classCode];
    if (!current || current.studentId !== studentId) return; // stopped meanwhile: never re-create it
    all[classCode] = { ...current, ...patch };
    await this.options.kv.set(CONSENTS_KEY, all);
  }

  /** Whether the worker needs its sync alarm (a consent or an unconfirmed deletion exists). */
  async hasWork(): Promise<boolean> {
    return Object.keys(await this.consents()).length > 0 || Object.keys(await this.revocations()).length > 0;
  }

  /** Joins a class on a hub (the consent) and stores it. Sharing starts with the next full minute. */
  join(hubUrl: string, classCode: string, displayName: string, extra: { sessionUrlPrefix?: string } = {}): Promise<ShareStatusEntry> {
    return this.exclusive(async () => {
      if (!(await this.sharingAllowed())) throw localizedError('policy_sharingOff');
      const checked = checkHubUrl(hubUrl);
      if (!checked.ok) throw localizedError('teacher_hubInvalid', { reason: checked.error });
      const code = normaliseClassCode(classCode);
      if (!code) throw localizedError('shareForm_codeInvalid');
      const name = displayName.trim();
      if (name === '') throw localizedError('shareForm_nameMissing');
      if (name.length > MAX_DISPLAY_NAME) throw localizedError('shareForm_nameTooLong', { max: MAX_DISPLAY_NAME });
      const existing = (await this.consents())[code];
      if (existing && !existing.broken) throw localizedError('share_alreadySharing', { code });

      const joined = await this.client.join(checked.url, code, name);
      const consentedAt = this.now();
      // Bound to the meeting the student is in; outside a class, to the teacher's meeting link if the
      // class has one. Without either, every class session is shared (the consent screen says so).
      const sessionUrlPrefix = extra.sessionUrlPrefix ?? (joined.meetingLink ? meetingPrefix(joined.meetingLink) : null) ?? undefined;
      const consent: ShareConsentState = {
        classCode: code,
        hubUrl: checked.url,
        studentId: joined.studentId,
        studentToken: joined.studentToken,
        displayName: name,
        consentedAt,
        ...(sessionUrlPrefix ? { sessionUrlPrefix } : {}),
        ...(joined.className ? { className: joined.className } : {}),
        nextMinute: firstSharedMinute(consentedAt),
        lastSyncAt: null,
        lastError: null,
        broken: null,
        failures: 0,
        retryAt: null,
      };
      const db = await this.options.db();
      await clearClass(db, code); // rows of an earlier, broken consent for this code
      const all = await this.consents();
      all[code] = consent;
      await this.options.kv.set(CONSENTS_KEY, all);
      await this.rememberClass(consent, joined.meetingLink ?? null);
      return this.entry(db, consent);
    });
  }

  /**
   * One round: confirm pending deletions, then for each consent queue its newly completed
   * minutes and upload the queue in batches. `force` ignores the backoff (a manual "retry now").
   * Calls while a round runs share that round.
   */
  syncNow(options: { force?: boolean } = {}): Promise<SyncReport> {
    this.running ??= this.exclusive(() => this.round(options.force ?? false)).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async round(force: boolean): Promise<SyncReport> {
    const report: SyncReport = { uploaded: 0, enqueued: 0, revocationsConfirmed: 0, errors: [] };
    const db = await this.options.db();
    const pending = await this.revocations();
    for (const revocation of Object.values(pending)) {
      if (!force && revocation.retryAt !== null && revocation.retryAt > this.now()) continue;
      if (await this.tryDeleteOnHub(revocation)) {
        report.revocationsConfirmed++;
      } else {
        const left = (await this.revocations())[revocationKey(revocation.classCode, revocation.studentId)];
        report.errors.push({ classCode: revocation.classCode, error: left?.lastError ?? localizedText('common_somethingWrong') });
      }
    }
    // A policy that turns sharing off stops uploads; deletions above still go (they protect the student).
    if (!(await this.sharingAllowed())) return report;
    const stillPending = await this.revocations();
    for (const consent of Object.values(await this.consents())) {
      if (consent.broken) continue;
      if (stillPending[revocationKey(consent.classCode, consent.studentId)]) continue;
      report.enqueued += await this.enqueueNew(db, consent);
      if (!force && consent.retryAt !== null && consent.retryAt > this.now()) continue;
      const outcome = await this.drain(db, consent);
      report.uploaded += outcome.uploaded;
      if (outcome.error) report.errors.push({ classCode: consent.classCode, error: outcome.error });
    }
    return report;
  }

  /** Samples of the sessions this consent covers, from its watermark on. */
  private async samplesFor(db: RautDb, consent: ShareConsent, from: number): Promise<SampleRecord[]> {
    const samples: SampleRecord[] = [];
    for (const session of await listSessions(db)) {
      if ((session.lastSampleAt ?? session.startedAt) < from) continue;
      if (consent.sessionUrlPrefix && !isMeetingPage(consent.sessionUrlPrefix, session.url)) continue;
      const range = IDBKeyRange.bound([session.id, from], [session.id, Infinity]);
      samples.push(...(await db.getAllFromIndex('samples', 'bySessionTime', range)));
    }
    return samples;
  }

  private async enqueueNew(db: RautDb, consent: ShareConsentState): Promise<number> {
    const now = this.now();
    const minutes = minutesToShare(await this.samplesFor(db, consent, consent.nextMinute), consent.nextMinute, now);
    const last = minutes.at(-1);
    if (!last) return 0;
    // Queue first, then move the watermark: a crash in between queues the same minutes again,
    // which replaces them (same key), never doubles them.
    await enqueueMinutes(db, consent.classCode, minutes, now);
    consent.nextMinute = last.minute + MINUTE_MS;
    await this.patchConsent(consent.classCode, consent.studentId, { nextMinute: consent.nextMinute });
    return minutes.length;
  }

  private async drain(db: RautDb, consent: ShareConsentState): Promise<{ uploaded: number; error: DisplayText | null }> {
    let uploaded = 0;
    for (;;) {
      const rows = await peekMinutes(db, consent.classCode, MAX_MINUTES_PER_UPLOAD);
      if (rows.length === 0) break;
      try {
        await this.client.uploadMinutes(consent, rows.map((row) => row.aggregate));
      } catch (error) {
        const message = textOfError(error);
        if (error instanceof HubError && error.retryable) {
          const failures = consent.failures + 1;
          await this.patchConsent(consent.classCode, consent.studentId, { failures, retryAt: this.now() + backoffDelay(failures), lastError: message });
        } else {
          // 401/403/404 and other refusals: retrying cannot help. The student sees why and may stop sharing.
          await this.patchConsent(consent.classCode, consent.studentId, { broken: message, lastError: message, retryAt: null });
        }
        return { uploaded, error: message };
      }
      // Acknowledged (2xx, ignoredAfterClose included): only now do the rows leave the outbox.
      await removeMinutes(db, consent.classCode, rows.map((row) => row.minute));
      uploaded += rows.length;
      await this.patchConsent(consent.classCode, consent.studentId, { lastSyncAt: this.now(), failures: 0, retryAt: null, lastError: null });
    }
    if (uploaded === 0) await this.patchConsent(consent.classCode, consent.studentId, { lastSyncAt: this.now(), failures: 0, retryAt: null, lastError: null });
    return { uploaded, error: null };
  }

  /**
   * Stop sharing with a class: the consent and its queued minutes go at once. With `deleteOnHub`,
   * the hub is asked to delete everything of the student's; if it cannot be reached, the request
   * is kept and retried by syncNow until the hub confirms.
   */
  revoke(classCode: string, options: { deleteOnHub: boolean }): Promise<{ stopped: boolean; deletedOnHub: boolean; pending: boolean; error: DisplayText | null }> {
    return this.exclusive(async () => {
      const code = normaliseClassCode(classCode) ?? classCode.trim().toUpperCase();
      const consents = await this.consents();
      const consent = consents[code];
      if (!consent) return { stopped: false, deletedOnHub: false, pending: false, error: localizedText('share_notShared', { code }) };
      let revocation: PendingRevocation | null = null;
      if (options.deleteOnHub) {
        // Recorded before the consent goes: a crash in between can only leave both, never neither.
        revocation = {
          classCode: code,
          hubUrl: consent.hubUrl,
          studentId: consent.studentId,
          studentToken: consent.studentToken,
          requestedAt: this.now(),
          attempts: 0,
          lastError: null,
          retryAt: null,
        };
        const pending = await this.revocations();
        pending[revocationKey(code, consent.studentId)] = revocation;
        await this.options.kv.set(REVOCATIONS_KEY, pending);
      }
      delete consents[code];
      await this.options.kv.set(CONSENTS_KEY, consents);
      await clearClass(await this.options.db(), code);
      // "Stop and delete" means gone from this class: it is not offered again either. A plain stop keeps it offerable.
      if (options.deleteOnHub) await this.forgetNow(code);
      if (!revocation) return { stopped: true, deletedOnHub: false, pending: false, error: null };
      const deleted = await this.tryDeleteOnHub(revocation);
      const left = (await this.revocations())[revocationKey(code, consent.studentId)];
      return { stopped: true, deletedOnHub: deleted, pending: !deleted, error: left?.lastError ?? null };
    });
  }

  /** One attempt at a pending deletion; true once the hub confirmed (or the data is already gone). */
  private async tryDeleteOnHub(revocation: PendingRevocation): Promise<boolean> {
    const key = revocationKey(revocation.classCode, revocation.studentId);
    let error: DisplayText | null = null;
    try {
      await this.client.deleteMe(revocation);
    } catch (caught) {
      // 401/403/404: the token no longer works or the class is gone; the hub deletes a student's
      // rows together with the token (and all of a class with it), so there is nothing left to delete.
      if (!(caught instanceof HubError && caught.kind === 'gone')) error = textOfError(caught);
    }
    const pending = await this.revocations();
    if (error === null) {
      delete pending[key];
    } else if (pending[key]) {
      const attempts = (pending[key]?.attempts ?? 0) + 1;
      pending[key] = { ...revocation, attempts, lastError: error, retryAt: this.now() + backoffDelay(attempts) };
    }
    await this.options.kv.set(REVOCATIONS_KEY, pending);
    return error === null;
  }

  /** `classTabUrl`: the live class tab's address, for the offer of a class joined there before. */
  async status(classTabUrl: string | null = null): Promise<ShareStatus> {
    const db = await this.options.db();
    const current = Object.values(await this.consents());
    const consents = await Promise.all(current.map((consent) => this.entry(db, consent)));
    const sharing = new Set(current.filter((consent) => !consent.broken).map((consent) => consent.classCode));
    const offer = classTabUrl ? classToOffer(Object.values(await this.knownClasses()), classTabUrl, sharing) : null;
    const pendingRevocations = Object.values(await this.revocations()).map(({ classCode, hubUrl, requestedAt, attempts, lastError }) => ({
      classCode,
      hubUrl,
      requestedAt,
      attempts,
      lastError,
    }));
    return { consents, offer, pendingRevocations };
  }

  private async entry(db: RautDb, consent: ShareConsentState): Promise<ShareStatusEntry> {
    return {
      classCode: consent.classCode,
      className: consent.className ?? null,
      hubUrl: consent.hubUrl,
      displayName: consent.displayName,
      studentId: consent.studentId,
      consentedAt: consent.consentedAt,
      sessionUrlPrefix: consent.sessionUrlPrefix ?? null,
      lastSyncAt: consent.lastSyncAt,
      queued: await countQueued(db, consent.classCode),
      lastError: consent.lastError,
      broken: consent.broken,
      retryAt: consent.retryAt,
    };
  }

  /**
   * What would be sent. For a class being shared: its next upload (queued minutes first, then the
   * newly completed ones). Before consenting: the completed minutes of `sessionId` (the current
   * class) as an example of exactly what each upload looks like.
   */
  async preview(options: { classCode?: string; sessionId?: string | null } = {}): Promise<SharePreview> {
    const db = await this.options.db();
    const code = options.classCode ? normaliseClassCode(options.classCode) : null;
    const consent = code ? (await this.consents())[code] : undefined;
    if (consent) {
      const queued = (await peekMinutes(db, consent.classCode, MAX_MINUTES_PER_UPLOAD)).map((row) => row.aggregate);
      const fresh = minutesToShare(await this.samplesFor(db, consent, consent.nextMinute), consent.nextMinute, this.now());
      const minutes = [...queued, ...fresh.filter((m) => !queued.some((q) => q.minute === m.minute))].slice(0, MAX_MINUTES_PER_UPLOAD);
      return this.previewOf(consent.classCode, consent.hubUrl, minutes, false);
    }
    let samples: SampleRecord[] = [];
    if (options.sessionId) {
      const range = IDBKeyRange.bound([options.sessionId, -Infinity], [options.sessionId, Infinity]);
      samples = await db.getAllFromIndex('samples', 'bySessionTime', range);
    }
    const minutes = minutesToShare(samples, 0, this.now()).slice(-MAX_MINUTES_PER_UPLOAD);
    return this.previewOf(code, null, minutes, true);
  }

  private previewOf(classCode: string | null, hubUrl: string | null, minutes: HubMinute[], example: boolean): SharePreview {
    return {
      classCode,
      hubUrl,
      method: 'PUT',
      path: `/classes/${classCode ?? ':code'}/students/me/minutes`,
      body: previewPayload(minutes),
      minutes,
      example,
    };
  }
}
