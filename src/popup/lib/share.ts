/**
 * Pure helpers for the "Share with my teacher" tab (issue 3, privacy rules 3 and 4): form
 * normalisation, the words shown for a consent's state, and the pretty-printed upload body.
 * No browser APIs here (the words come through a translator), so tests/unit/popup-share-*.test.ts
 * can run them in Node.
 */
import { localize, type DisplayText, type Localizer, type MessageKey, type Translate } from '../../shared/i18n';
import { MAX_DISPLAY_NAME, normaliseClassCode, previewPayload, type HubMinute, type ShareStatusEntry } from '../../shared/sharing';

/** The embedded hub's address (`npm run hub`). */
export const DEFAULT_HUB_URL = 'http://127.0.0.1:8787';
/** The background refuses longer display names; the form says so before anything is sent. */
export { MAX_DISPLAY_NAME };
/** How often the tab asks the background for the sharing status. */
export const SHARE_POLL_MS = 2000;

/** What the student has typed; kept as typed so a failure never loses any of it. */
export interface ShareForm {
  hubUrl: string;
  classCode: string;
  displayName: string;
}

/** What share-join receives: the code trimmed and upper-cased, the name and address trimmed. */
export function joinRequest(form: ShareForm): { hubUrl: string; classCode: string; displayName: string } {
  return { hubUrl: form.hubUrl.trim(), classCode: tidyClassCode(form.classCode), displayName: form.displayName.trim() };
}

/** "ab cd-ef 23 45 " → "ABCDEF2345": teachers may read a code out in groups, students may type it so. */
export function tidyClassCode(input: string): string {
  return input.replace(/[\s-]+/g, '').toUpperCase();
}

/** Why the form cannot be sent yet, per field; the hub address is left to the background, which has the last word. */
export interface ShareFormProblems {
  classCode: string | null;
  displayName: string | null;
}

export function formProblems(form: ShareForm, t: Translate): ShareFormProblems {
  const code = tidyClassCode(form.classCode);
  const name = form.displayName.trim();
  return {
    classCode: code === '' ? t('shareForm_codeMissing') : normaliseClassCode(code) ? null : t('shareForm_codeInvalid'),
    displayName:
      name === ''
        ? t('shareForm_nameMissing')
        : name.length > MAX_DISPLAY_NAME
          ? t('shareForm_nameTooLong', { max: MAX_DISPLAY_NAME })
          : null,
  };
}

export function hasProblems(problems: ShareFormProblems): boolean {
  return problems.classCode !== null || problems.displayName !== null;
}

/** "Start sharing" is enabled only with a preview on screen, the box ticked and nothing running. */
export function canStartSharing(state: { previewShown: boolean; consented: boolean; busy: boolean }): boolean {
  return state.previewShown && state.consented && !state.busy;
}

/** The upload body, indented for reading. Falls back to the text as received if it is not JSON. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/**
 * An illustration of one minute, in the very format previewPayload sends, for when the current
 * class has no finished minute yet. Clearly labelled as an example in the tab.
 */
export function exampleMinuteBody(now: number): string {
  const minute: HubMinute = {
    minute: Math.floor(now / 60_000) * 60_000,
    samples: 60,
    positive: 18,
    neutral: 30,
    negative: 4,
    notDetected: 6,
    unknown: 2,
    meanEngagement: null,
    topExpression: 'neutral',
  };
  return prettyBody(previewPayload([minute]));
}

type Words = Pick<Localizer, 't' | 'format'>;

/** The time with seconds today, weekday, date and time otherwise, "not yet" for null. */
export function formatSyncTime(ms: number | null, now: number, { t, format }: Words): string {
  if (ms === null) return t('share_notYet');
  if (new Date(ms).toDateString() === new Date(now).toDateString()) return format.timeWithSeconds(ms);
  return format.dateTime(ms);
}

/** "1 minute waiting to be sent", "none waiting". */
export function formatQueued(queued: number, { t, format }: Words): string {
  if (queued <= 0) return t('share_queuedNone');
  return t('share_queued', { minutes: format.amount(queued, 'minute') });
}

export type ShareEntryState = 'broken' | 'retrying' | 'sharing' | 'starting';

/** Broken (the hub refused for good) wins over a passing error; before the first upload it is "starting". */
export function entryState(entry: Pick<ShareStatusEntry, 'broken' | 'lastError' | 'lastSyncAt'>): ShareEntryState {
  if (entry.broken) return 'broken';
  if (entry.lastError) return 'retrying';
  return entry.lastSyncAt === null ? 'starting' : 'sharing';
}

/** Why sharing with this class ended for good, in the popup's language; null while it goes on. */
export function brokenNotice(entry: Pick<ShareStatusEntry, 'broken'>, t: Translate): string | null {
  return entry.broken ? t('shareItem_broken', { reason: localize(entry.broken, t) }) : null;
}

/** The last failed try while sharing goes on. Consents stored by an earlier Raut hold plain English, shown as it is. */
export function lastErrorText(entry: Pick<ShareStatusEntry, 'broken' | 'lastError'>, t: Translate): string | null {
  return entry.lastError && !entry.broken ? localize(entry.lastError, t) : null;
}

export const ENTRY_STATE_KEYS: Record<ShareEntryState, MessageKey> = {
  broken: 'shareState_broken',
  retrying: 'shareState_retrying',
  sharing: 'shareState_sharing',
  starting: 'shareState_starting',
};

/** The line shown after a stop, from the background's ShareStopReply (the hub's own error words are kept). */
export function stopOutcome(
  classCode: string,
  reply: { stopped: boolean; deletedOnHub: boolean; pending: boolean; error: DisplayText | null },
  deleteOnHub: boolean,
  t: Translate,
): string {
  const code = classCode;
  const error = reply.error ? localize(reply.error, t) : null;
  if (!reply.stopped) return t('share_notShared', { code });
  if (!deleteOnHub) return t('share_stopped', { code });
  if (reply.deletedOnHub) return t('share_stoppedDeleted', { code });
  if (reply.pending) return `${t('share_stoppedPending', { code })}${error ? ` (${error})` : ''}`;
  return error ? `${t('share_stoppedShort', { code })} ${t('share_hubSaid', { error })}` : t('share_stoppedShort', { code });
}
