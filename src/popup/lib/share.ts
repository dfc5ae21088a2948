/**
 * Pure helpers for the "Share with my teacher" tab (issue 3, privacy rules 3 and 4): form
 * normalisation, the words shown for a consent's state, and the pretty-printed upload body.
 * No browser APIs here, so tests/unit/popup-share-*.test.ts can run them in Node.
 */
import { normaliseClassCode, previewPayload, type HubMinute, type ShareStatusEntry } from '../../shared/sharing';

/** The embedded hub's address (`npm run hub`). */
export const DEFAULT_HUB_URL = 'http://127.0.0.1:8787';
/** The background accepts display names of 1 to 60 characters (sharing/sync.ts). */
export const MAX_DISPLAY_NAME = 60;
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

export function formProblems(form: ShareForm): ShareFormProblems {
  const code = tidyClassCode(form.classCode);
  const name = form.displayName.trim();
  return {
    classCode:
      code === '' ? 'Enter the class code your teacher gave you.' : normaliseClassCode(code) ? null : 'A class code has 10 letters and digits, as your teacher gave it.',
    displayName:
      name === ''
        ? 'Choose a name your teacher will see.'
        : name.length > MAX_DISPLAY_NAME
          ? `Use at most ${MAX_DISPLAY_NAME} characters.`
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

/** "14:05:12" today, "Mon 23 Nov, 14:05" otherwise, "not yet" for null. */
export function formatSyncTime(ms: number | null, now: number): string {
  if (ms === null) return 'not yet';
  const then = new Date(ms);
  const today = new Date(now);
  if (then.toDateString() === today.toDateString()) {
    return then.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }
  return then.toLocaleString(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/** "1 minute waiting to be sent", "none waiting". */
export function formatQueued(queued: number): string {
  if (queued <= 0) return 'none waiting';
  return `${queued} minute${queued === 1 ? '' : 's'} waiting to be sent`;
}

export type ShareEntryState = 'broken' | 'retrying' | 'sharing' | 'starting';

/** Broken (the hub refused for good) wins over a passing error; before the first upload it is "starting". */
export function entryState(entry: Pick<ShareStatusEntry, 'broken' | 'lastError' | 'lastSyncAt'>): ShareEntryState {
  if (entry.broken) return 'broken';
  if (entry.lastError) return 'retrying';
  return entry.lastSyncAt === null ? 'starting' : 'sharing';
}

export const ENTRY_STATE_LABELS: Record<ShareEntryState, string> = {
  broken: 'Stopped by the hub',
  retrying: 'Retrying',
  sharing: 'Sharing',
  starting: 'Starting',
};

/** The line shown after a stop, from the background's ShareStopReply. */
export function stopOutcome(
  classCode: string,
  reply: { stopped: boolean; deletedOnHub: boolean; pending: boolean; error: string | null },
  deleteOnHub: boolean,
): string {
  if (!reply.stopped) return `Class ${classCode} was not being shared.`;
  if (!deleteOnHub) return `Stopped sharing with class ${classCode}. Nothing more is sent.`;
  if (reply.deletedOnHub) return `Stopped sharing with class ${classCode} and deleted your data on the hub.`;
  if (reply.pending) {
    return `Stopped sharing with class ${classCode}. Deletion will be retried when the hub is reachable.${reply.error ? ` (${reply.error})` : ''}`;
  }
  return `Stopped sharing with class ${classCode}.${reply.error ? ` The hub said: ${reply.error}` : ''}`;
}
