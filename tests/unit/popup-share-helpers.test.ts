import { describe, expect, it } from 'vitest';
import { localizedText } from '../../src/shared/i18n';
import { normaliseClassCode } from '../../src/shared/sharing';
import {
  DEFAULT_HUB_URL,
  brokenNotice,
  canStartSharing,
  entryState,
  exampleMinuteBody,
  formProblems,
  formatQueued,
  formatSyncTime,
  hasProblems,
  joinRequest,
  lastErrorText,
  prettyBody,
  stopOutcome,
  tidyClassCode,
} from '../../src/popup/lib/share';
import { localizerFor } from '../helpers/i18n';

const en = localizerFor('en');
const id = localizerFor('id');
const { t } = en;

describe('share form input', () => {
  it('tidies a class code the way students type it', () => {
    expect(tidyClassCode('  abcde-f2345 ')).toBe('ABCDEF2345');
    expect(tidyClassCode('abc def 2345')).toBe('ABCDEF2345');
    expect(normaliseClassCode(tidyClassCode(' abcde f2345'))).toBe('ABCDEF2345');
  });

  it('builds the share-join request trimmed, with the default hub', () => {
    expect(joinRequest({ hubUrl: ` ${DEFAULT_HUB_URL} `, classCode: 'abcdef2345', displayName: '  Kim ' })).toEqual({
      hubUrl: 'http://127.0.0.1:8787',
      classCode: 'ABCDEF2345',
      displayName: 'Kim',
    });
  });

  it('names what is missing or wrong, leaving the hub address to the background', () => {
    expect(formProblems({ hubUrl: 'http://evil.example', classCode: 'ABCDEF2345', displayName: 'Kim' }, t)).toEqual({
      classCode: null,
      displayName: null,
    });
    const empty = formProblems({ hubUrl: '', classCode: ' ', displayName: '  ' }, t);
    expect(empty.classCode).toMatch(/class code/);
    expect(empty.displayName).toMatch(/name/);
    expect(hasProblems(empty)).toBe(true);
    expect(formProblems({ hubUrl: '', classCode: 'ABC', displayName: 'x'.repeat(61) }, t)).toEqual({
      classCode: expect.stringMatching(/10 letters/),
      displayName: expect.stringMatching(/60/),
    });
    // 0, O, 1, I are not in the hub's alphabet.
    expect(formProblems({ hubUrl: '', classCode: 'ABCDEF2O1I', displayName: 'Kim' }, t).classCode).not.toBeNull();
  });

  it('enables "Start sharing" only with a preview, consent and nothing running', () => {
    expect(canStartSharing({ previewShown: true, consented: true, busy: false })).toBe(true);
    expect(canStartSharing({ previewShown: false, consented: true, busy: false })).toBe(false);
    expect(canStartSharing({ previewShown: true, consented: false, busy: false })).toBe(false);
    expect(canStartSharing({ previewShown: true, consented: true, busy: true })).toBe(false);
  });
});

describe('share preview', () => {
  it('pretty-prints the exact body and keeps non-JSON as received', () => {
    const body = '{"minutes":[{"minute":60000,"samples":3}]}';
    const pretty = prettyBody(body);
    expect(pretty).toContain('\n  "minutes": [');
    expect(JSON.parse(pretty)).toEqual(JSON.parse(body));
    expect(prettyBody('not json')).toBe('not json');
  });

  it('illustrates one minute with only the aggregate fields, whose counts add up', () => {
    const example = JSON.parse(exampleMinuteBody(Date.UTC(2025, 0, 1, 10, 5, 30))) as { minutes: Record<string, unknown>[] };
    expect(example.minutes).toHaveLength(1);
    const minute = example.minutes[0]!;
    expect(Object.keys(minute).sort()).toEqual(
      ['meanEngagement', 'minute', 'negative', 'neutral', 'notDetected', 'positive', 'samples', 'topExpression', 'unknown'].sort(),
    );
    expect(minute.minute).toBe(Date.UTC(2025, 0, 1, 10, 5));
    const m = minute as Record<string, number>;
    expect(m.positive! + m.neutral! + m.negative! + m.notDetected! + m.unknown!).toBe(m.samples);
  });
});

describe('share status words', () => {
  const now = new Date(2025, 2, 10, 14, 30, 0).getTime();

  it('formats the last sync time', () => {
    expect(formatSyncTime(null, now, en)).toBe('not yet');
    expect(formatSyncTime(null, now, id)).toBe('belum');
    expect(formatSyncTime(new Date(2025, 2, 10, 14, 5, 12).getTime(), now, en)).toBe('14:05:12');
    expect(formatSyncTime(new Date(2025, 2, 10, 14, 5, 12).getTime(), now, id)).toBe('14.05.12');
    expect(formatSyncTime(new Date(2025, 2, 8, 9, 0).getTime(), now, en)).toBe('Sat 8 Mar, 09:00');
    expect(formatSyncTime(new Date(2025, 2, 8, 9, 0).getTime(), now, id)).toBe('Sab, 8 Mar, 09.00');
  });

  it('counts queued minutes', () => {
    expect(formatQueued(0, en)).toBe('none waiting');
    expect(formatQueued(1, en)).toBe('1 minute waiting to be sent');
    expect(formatQueued(3, en)).toBe('3 minutes waiting to be sent');
    expect(formatQueued(3, id)).toBe('3 menit menunggu dikirim');
  });

  it('puts a hub refusal before a passing error', () => {
    expect(entryState({ broken: 'class closed', lastError: 'class closed', lastSyncAt: 1 })).toBe('broken');
    expect(entryState({ broken: null, lastError: 'fetch failed', lastSyncAt: 1 })).toBe('retrying');
    expect(entryState({ broken: null, lastError: null, lastSyncAt: null })).toBe('starting');
    expect(entryState({ broken: null, lastError: null, lastSyncAt: 1 })).toBe('sharing');
  });

  it('says what a stop did, including a deletion left for later', () => {
    const done = { stopped: true, deletedOnHub: true, pending: false, error: null };
    expect(stopOutcome('ABCDEF2345', done, true, t)).toMatch(/deleted your data on the hub/);
    expect(stopOutcome('ABCDEF2345', { ...done, deletedOnHub: false }, false, t)).toMatch(/Stopped sharing/);
    expect(stopOutcome('ABCDEF2345', { stopped: true, deletedOnHub: false, pending: true, error: 'fetch failed' }, true, t)).toBe(
      'Stopped sharing with class ABCDEF2345. Deletion will be retried when the hub is reachable. (fetch failed)',
    );
    expect(stopOutcome('ABCDEF2345', { ...done, deletedOnHub: false, error: 'gone' }, true, id.t)).toBe(
      'Berhenti berbagi dengan kelas ABCDEF2345. Jawaban hub: gone',
    );
    expect(stopOutcome('ABCDEF2345', { stopped: false, deletedOnHub: false, pending: false, error: 'x' }, true, t)).toMatch(/not being shared/);
  });

  it('words the background’s reasons in the popup’s language', () => {
    const unreachable = localizedText('shareError_unreachable', {
      url: 'https://hub.school.id',
      reason: localizedText('shareError_noAnswerWithin', { seconds: 15 }),
    });
    expect(lastErrorText({ broken: null, lastError: unreachable }, t)).toBe('the hub at https://hub.school.id could not be reached (no answer within 15 s); Raut will try again');
    expect(lastErrorText({ broken: null, lastError: unreachable }, id.t)).toBe(
      'hub di https://hub.school.id tidak dapat dihubungi (tidak ada jawaban dalam 15 detik); Raut akan mencoba lagi',
    );
    const gone = localizedText('shareError_classGone', { detail: 'unknown class' });
    expect(brokenNotice({ broken: gone }, id.t)).toBe(
      'Berbagi dengan kelas ini sudah berakhir: kelas ini sudah tidak ada di hub (sudah dihapus, atau kodenya salah): unknown class. Tidak ada lagi yang dikirim.',
    );
    expect(lastErrorText({ broken: gone, lastError: gone }, id.t)).toBeNull(); // the ended notice says it once
    const pending = { stopped: true, deletedOnHub: false, pending: true, error: unreachable };
    expect(stopOutcome('ABCDEF2345', pending, true, id.t)).toBe(
      'Berhenti berbagi dengan kelas ABCDEF2345. Penghapusan akan dicoba lagi saat hub bisa dihubungi. (hub di https://hub.school.id tidak dapat dihubungi (tidak ada jawaban dalam 15 detik); Raut akan mencoba lagi)',
    );
  });

  it('still shows the plain English reasons an earlier Raut stored', () => {
    const old = 'the hub at http://127.0.0.1:8787 could not be reached (fetch failed); Raut will try again';
    expect(lastErrorText({ broken: null, lastError: old }, id.t)).toBe(old);
    expect(brokenNotice({ broken: 'the class no longer exists on the hub: unknown class' }, id.t)).toBe(
      'Berbagi dengan kelas ini sudah berakhir: the class no longer exists on the hub: unknown class. Tidak ada lagi yang dikirim.',
    );
    expect(entryState({ broken: null, lastError: old, lastSyncAt: 1 })).toBe('retrying');
    expect(entryState({ broken: null, lastError: localizedText('shareError_unexpectedJoin'), lastSyncAt: 1 })).toBe('retrying');
  });
});
