/**
 * The student's consented sharing with a class hub (issue 3, privacy rules 3 and 4): what a
 * consent holds, the per-minute aggregates that are the ONLY thing ever sent, which hub
 * addresses are allowed, and the exact upload body (shown on the consent screen before anything
 * is sent). Pure functions; the background's sharing/ modules do the storage and the network.
 */
// A type-only import: erased at build time, so no hub code reaches the extension bundle.
// hub/contract.ts also holds runtime constants; the few the extension needs are mirrored below
// (tests/unit/sharing.test.ts checks that they agree).
import type { MinuteAggregate } from '../../hub/contract';
import { localizedText, type DisplayText, type LocalizedText } from './i18n';
import { interestTable, timelineBucket } from './summary';
import type { SampleRecord } from './types';

/** One minute as the hub accepts it (hub/contract.ts `MinuteAggregate`). */
export type HubMinute = MinuteAggregate;

/** Mirrors hub/contract.ts MINUTE_MS. */
export const MINUTE_MS = 60_000;
/** Mirrors hub/contract.ts MAX_MINUTES_PER_UPLOAD. */
export const MAX_MINUTES_PER_UPLOAD = 120;
/** Mirrors hub/contract.ts MAX_SAMPLES_PER_MINUTE. */
export const MAX_SAMPLES_PER_MINUTE = 600;
/** The longest display name the background accepts for a class (the form says so before sending). */
export const MAX_DISPLAY_NAME = 60;

/** What the student agreed to, for one class on one hub. Stored in storage.local only. */
export interface ShareConsent {
  /** Upper-case class code as the hub spells it. */
  classCode: string;
  /** The hub's base address as checked by checkHubUrl (no trailing slash). */
  hubUrl: string;
  studentId: string;
  /** `<studentId>.<secret>`: the credential for this student's uploads and deletion. */
  studentToken: string;
  displayName: string;
  /** Epoch ms of the consent; nothing sampled before the next full minute is shared. */
  consentedAt: number;
  /** When set, only sessions of this meeting (isMeetingPage) are shared with this class. */
  sessionUrlPrefix?: string;
  /** The class's name as the teacher typed it (hubs before this field: absent). */
  className?: string;
}

/**
 * A class the student joined once, remembered on this computer (storage.local `knownClasses`) so
 * that the next visit to its meeting can offer it again. Holds no token: joining again is a new
 * consent, with a new preview. Forgotten on "stop and delete", on "not this class" and by
 * "delete all my data".
 */
export interface KnownClass {
  classCode: string;
  hubUrl: string;
  className: string | null;
  displayName: string;
  /** Meeting addresses (origin + path) this class meets at: where the student joined, and the teacher's meeting link. */
  meetingPrefixes: string[];
  lastJoinedAt: number;
}

/** The meeting's address without query or fragment; null for something that is not a URL. */
export function meetingPrefix(url: string): string | null {
  try {
    const parsed = new URL(url.trim());
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return null;
  }
}

/** Whether `url` is a page of the meeting at `prefix` (a meetingPrefix): `/wc/123` is not `/wc/1234`. */
export function isMeetingPage(prefix: string, url: string): boolean {
  const meeting = meetingPrefix(prefix); // consents stored before normalisation may end in "/"
  const here = meetingPrefix(url);
  return meeting !== null && here !== null && (here === meeting || here.startsWith(`${meeting}/`));
}

/**
 * The class to offer for a class tab at `url`: a remembered class meeting there that the student
 * is not sharing with now; the most recently joined one when several match.
 */
export function classToOffer(known: readonly KnownClass[], url: string, sharingCodes: ReadonlySet<string>): KnownClass | null {
  const matches = known.filter((entry) => !sharingCodes.has(entry.classCode) && entry.meetingPrefixes.some((prefix) => isMeetingPage(prefix, url)));
  return matches.sort((a, b) => b.lastJoinedAt - a.lastJoinedAt)[0] ?? null;
}

/** A consent plus its sync bookkeeping, as kept under storage.local `shareConsents`. */
export interface ShareConsentState extends ShareConsent {
  /** Watermark: the first minute not yet put in the outbox. */
  nextMinute: number;
  lastSyncAt: number | null;
  /** Plain text in consents stored by an earlier version; a LocalizedText since. */
  lastError: DisplayText | null;
  /** Set when the hub refuses this student for good (class deleted, access revoked …): no more retries. */
  broken: DisplayText | null;
  /** Consecutive failed attempts, for the backoff. */
  failures: number;
  /** Do not try again before this time (backoff); null = any time. */
  retryAt: number | null;
}

/** Start of the epoch minute that contains `time`. */
export function minuteOf(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}

/** The first minute shared after a consent given at `consentedAt`: the next full minute, never a part-minute before consent. */
export function firstSharedMinute(consentedAt: number): number {
  return Math.ceil(consentedAt / MINUTE_MS) * MINUTE_MS;
}

/**
 * Per-minute aggregates of the samples from `fromMinute` on, in epoch minutes (multiples of
 * 60 000), for the COMPLETE minutes only: a minute is complete once a later sample exists or
 * the minute has passed (`now` ≥ its end). Minutes without samples are left out.
 * Counts follow summary.ts (frameOutcome): positive + neutral + negative + notDetected + unknown
 * = samples, the hub's rule. `meanEngagement` is the minute's mean engagement (null without a measured
 * face); `interested` / `notInterested` count the classroom study's labels (summary.ts interestOf).
 */
export function minutesToShare(samples: readonly SampleRecord[], fromMinute: number, now = Date.now()): HubMinute[] {
  const start = minuteOf(fromMinute) === fromMinute ? fromMinute : minuteOf(fromMinute) + MINUTE_MS;
  let latest = -Infinity;
  for (const sample of samples) latest = Math.max(latest, sample.time);
  const groups = new Map<number, SampleRecord[]>();
  for (const sample of samples) {
    if (!Number.isFinite(sample.time) || sample.time < start) continue;
    const minute = minuteOf(sample.time);
    const complete = latest >= minute + MINUTE_MS || now >= minute + MINUTE_MS;
    if (!complete) continue;
    let group = groups.get(minute);
    if (!group) groups.set(minute, (group = []));
    group.push(sample);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([minute, group]) => aggregateMinute(minute, group));
}

function aggregateMinute(minute: number, samples: readonly SampleRecord[]): HubMinute {
  const { start, top, ...counts } = timelineBucket(minute, samples);
  const interest = interestTable(samples);
  return {
    minute: start,
    ...counts,
    topExpression: top,
    interested: interest.interested.count,
    notInterested: interest.notInterested.count,
  };
}

export type HubUrlCheck = { ok: true; url: string } | { ok: false; error: LocalizedText };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * https anywhere; plain http only on this machine (localhost, 127.0.0.1, [::1]), where nothing
 * crosses a network. Returns the normalised base address (no trailing slash) or why it is refused.
 */
export function checkHubUrl(input: string): HubUrlCheck {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return { ok: false, error: localizedText('hubUrl_notAddress', { input }) };
  }
  if (url.username || url.password) return { ok: false, error: localizedText('hubUrl_credentials') };
  if (url.search || url.hash) return { ok: false, error: localizedText('hubUrl_queryOrFragment') };
  if (url.protocol === 'http:') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) return { ok: false, error: localizedText('hubUrl_notEncrypted', { host: url.host }) };
  } else if (url.protocol !== 'https:') {
    return { ok: false, error: localizedText('hubUrl_notHubScheme', { scheme: url.protocol }) };
  }
  return { ok: true, url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` };
}

export function isAllowedHubUrl(url: string): boolean {
  return checkHubUrl(url).ok;
}

/** Class codes are case-insensitive on the hub; 10 characters from its alphabet, spelt upper-case here. */
export function normaliseClassCode(code: string): string | null {
  const trimmed = code.trim().toUpperCase();
  return /^[2-9A-HJ-NP-Z]{10}$/.test(trimmed) ? trimmed : null;
}

/**
 * Exactly the JSON body of `PUT /classes/:code/students/me/minutes` for these minutes: the hub
 * client sends this very string, and the consent screen shows it.
 */
export function previewPayload(minutes: readonly HubMinute[]): string {
  if (minutes.length > MAX_MINUTES_PER_UPLOAD) throw new RangeError(`one upload carries at most ${MAX_MINUTES_PER_UPLOAD} minutes`);
  return JSON.stringify({
    minutes: minutes.map((m) => ({
      minute: m.minute,
      samples: m.samples,
      positive: m.positive,
      neutral: m.neutral,
      negative: m.negative,
      notDetected: m.notDetected,
      unknown: m.unknown,
      meanEngagement: m.meanEngagement,
      topExpression: m.topExpression,
      // Minutes queued by a Raut from before the engagement layer have no interest counts: left out, as the hub allows.
      ...(m.interested === undefined || m.notInterested === undefined ? {} : { interested: m.interested, notInterested: m.notInterested }),
    })),
  });
}

// ---------------------------------------------------------------------------
// What the background answers to the popup's share-* messages (messages.ts, channel 4).
// ---------------------------------------------------------------------------
/** What the popup may see of a consent: everything but the token. */
export interface ShareStatusEntry {
  classCode: string;
  className: string | null;
  hubUrl: string;
  displayName: string;
  studentId: string;
  consentedAt: number;
  sessionUrlPrefix: string | null;
  lastSyncAt: number | null;
  queued: number;
  lastError: DisplayText | null;
  /** Why sharing with this class stopped for good (class deleted, access revoked …); null while fine. */
  broken: DisplayText | null;
  retryAt: number | null;
}

export interface ShareStatus {
  consents: ShareStatusEntry[];
  /** A class joined before whose meeting is the live class tab, not shared now: the popup offers it. */
  offer: KnownClass | null;
  pendingRevocations: { classCode: string; hubUrl: string; requestedAt: number; attempts: number; lastError: DisplayText | null }[];
}

export interface SharePreview {
  classCode: string | null;
  hubUrl: string | null;
  method: 'PUT';
  path: string;
  /** Exactly the JSON body the upload sends (previewPayload). */
  body: string;
  minutes: HubMinute[];
  /** True when no consent exists yet and the minutes are an example from the current session. */
  example: boolean;
}

/** Answer to share-join (the new consent), share-preview, share-stop and share-status; `ok: false` carries a message for the student. */
export type ShareReply<T> = ({ ok: true } & T) | { ok: false; error: DisplayText };
export type ShareJoinReply = ShareReply<{ consent: ShareStatusEntry }>;
export type SharePreviewReply = ShareReply<{ preview: SharePreview }>;
export type ShareStopReply = ShareReply<{ stopped: boolean; deletedOnHub: boolean; pending: boolean; error: DisplayText | null }>;
export type ShareStatusReply = ShareReply<{ status: ShareStatus }>;
export type ShareForgetReply = ShareReply<{ forgotten: boolean }>;
/** One class's upload, or one deletion, that still failed after a sync round. */
export interface ShareFailure {
  classCode: string;
  error: DisplayText;
}
export type ShareRetryReply = ShareReply<{ uploaded: number; errors: ShareFailure[] }>;
