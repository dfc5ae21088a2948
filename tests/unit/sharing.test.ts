// fake-indexeddb stands in for the browser's IndexedDB (the client test below opens no database,
// but the sync module's imports expect IDBKeyRange to exist).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import * as hubContract from '../../hub/contract';
import { HubClient, HubError } from '../../src/background/sharing/hub-client';
import { backoffDelay, BACKOFF } from '../../src/background/sharing/sync';
import { describeError, localize } from '../../src/shared/i18n';
import {
  classToOffer,
  isMeetingPage,
  meetingPrefix,
  type KnownClass,
  checkHubUrl,
  firstSharedMinute,
  isAllowedHubUrl,
  MAX_MINUTES_PER_UPLOAD,
  MAX_SAMPLES_PER_MINUTE,
  MINUTE_MS,
  minutesToShare,
  normaliseClassCode,
  previewPayload,
  type HubMinute,
  type ShareConsent,
} from '../../src/shared/sharing';
import { isPopupToBackground } from '../../src/shared/messages';
import type { EngagementCues } from '../../src/shared/engagement';
import { timelineBucket } from '../../src/shared/summary';
import { ATTENTION_ONLY_MODEL_ID, type SampleRecord } from '../../src/shared/types';
import { localizerFor } from '../helpers/i18n';
import { makeFaceSample, makeSample, makeUnknownFaceSample } from '../helpers/records';

const en = localizerFor('en');
const id = localizerFor('id');

// An epoch minute boundary, and a clock well past it unless a test says otherwise.
const M0 = 1_795_449_180_000;
const at = (minute: number, second: number) => M0 + minute * MINUTE_MS + second * 1000;

function minuteOfSamples(minute: number): SampleRecord[] {
  return [
    makeFaceSample('happy', { time: at(minute, 1) }),
    makeFaceSample('happy', { time: at(minute, 2) }),
    makeFaceSample('surprise', { time: at(minute, 3) }),
    makeFaceSample('neutral', { time: at(minute, 4) }),
    makeFaceSample('sad', { time: at(minute, 5) }),
    makeFaceSample('angry', { time: at(minute, 6) }),
    makeSample({ time: at(minute, 7) }),
    makeUnknownFaceSample('too-dark', { time: at(minute, 8) }),
  ];
}

const sumRule = (m: HubMinute) => m.positive + m.neutral + m.negative + m.notDetected + m.unknown === m.samples;

describe('minutesToShare', () => {
  it('aggregates per epoch minute with the summary taxonomy, and the counts add up to samples', () => {
    const samples = [...minuteOfSamples(0), ...minuteOfSamples(1)];
    const minutes = minutesToShare(samples, M0, at(5, 0));
    expect(minutes).toEqual([0, 1].map((i) => ({
      minute: M0 + i * MINUTE_MS,
      samples: 8,
      positive: 3,
      neutral: 1,
      negative: 2,
      notDetected: 1,
      unknown: 1,
      // Records from before the engagement layer: no engagement value, faces of unknown interest.
      meanEngagement: null,
      topExpression: 'happy',
      interested: 0,
      notInterested: 0,
    })));
    for (const m of minutes) {
      expect(sumRule(m)).toBe(true);
      expect(m.minute % MINUTE_MS).toBe(0);
    }
  });

  it('carries the minute’s mean engagement and interest counts, as the popup’s timeline counts them', () => {
    const engaged: EngagementCues = { interest: 'interested', yaw: 1, pitch: 0, roll: 0, facing: true, gazeWeight: 5, concentrationIndex: 0.9, level: 'highly-engaged' };
    const turned: EngagementCues = { interest: 'not-interested', yaw: 40, pitch: 0, roll: 0, facing: false, gazeWeight: 2, concentrationIndex: 0.3, level: 'nominally-engaged' };
    const samples = [
      makeFaceSample('neutral', { time: at(0, 5), engagement: engaged }),
      makeFaceSample('neutral', { time: at(0, 15), engagement: engaged }),
      makeFaceSample('neutral', { time: at(0, 25), engagement: turned }),
      makeSample({ time: at(0, 35), engagement: { interest: 'not-detected' } }),
    ];
    const [minute] = minutesToShare(samples, M0, at(1, 0));
    expect(minute).toMatchObject({ samples: 4, notDetected: 1, interested: 2, notInterested: 1 });
    expect(minute?.meanEngagement).toBeCloseTo(0.7, 10);
    expect(minute?.meanEngagement).toBe(timelineBucket(M0, samples).meanEngagement);
  });

  it('shares nothing expression-related in attention-only mode: no valence counts, no top expression', () => {
    // What the engine stores without an expression model: presence, pose and eyes, no probabilities.
    const attentionOnly = (time: number, engagement: EngagementCues) =>
      makeSample({ time, faceFound: true, faceCount: 1, box: { x: 0.3, y: 0.2, width: 0.4, height: 0.5 }, modelId: ATTENTION_ONLY_MODEL_ID, modelVersion: '1', engagement });
    const facing: EngagementCues = { interest: 'interested', yaw: 2, pitch: 1, roll: 0, facing: true, gazeWeight: 5, eyesOpen: true };
    const turned: EngagementCues = { interest: 'not-interested', yaw: 40, pitch: 0, roll: 0, facing: false, gazeWeight: 2 };
    const samples = [attentionOnly(at(0, 5), facing), attentionOnly(at(0, 15), facing), attentionOnly(at(0, 25), turned), makeSample({ time: at(0, 35), engagement: { interest: 'not-detected' } })];
    const [minute] = minutesToShare(samples, M0, at(1, 0));
    expect(minute).toMatchObject({ samples: 4, positive: 0, neutral: 0, negative: 0, topExpression: null, notDetected: 1, interested: 2, notInterested: 1 });
    expect(sumRule(minute!)).toBe(true);
    expect(minute?.meanEngagement).not.toBeNull();
  });

  it('aligns to wall-clock minutes, not to the first sample', () => {
    const samples = [makeFaceSample('neutral', { time: at(0, 50) }), makeFaceSample('fear', { time: at(1, 10) })];
    const minutes = minutesToShare(samples, 0, at(9, 0));
    expect(minutes.map((m) => m.minute)).toEqual([M0, M0 + MINUTE_MS]);
    expect(minutes.map((m) => m.topExpression)).toEqual(['neutral', 'fear']);
    expect(minutes.map((m) => m.negative)).toEqual([0, 1]);
  });

  it('withholds the last minute until a later sample exists or the minute has passed', () => {
    const samples = [...minuteOfSamples(0), makeFaceSample('happy', { time: at(1, 10) })];
    // Now is inside minute 1: minute 0 is complete (a later sample exists), minute 1 is not.
    expect(minutesToShare(samples, M0, at(1, 30)).map((m) => m.minute)).toEqual([M0]);
    // Minute 1 has passed: it is complete even though no later sample came (the class ended).
    expect(minutesToShare(samples, M0, at(2, 0)).map((m) => m.minute)).toEqual([M0, M0 + MINUTE_MS]);
    // A clock behind the samples (skew) still never shares the minute of the latest sample.
    expect(minutesToShare(samples, M0, at(0, 0)).map((m) => m.minute)).toEqual([M0]);
  });

  it('starts at fromMinute (rounded up to a whole minute) and skips empty minutes', () => {
    const samples = [...minuteOfSamples(0), ...minuteOfSamples(3)];
    expect(minutesToShare(samples, M0 + MINUTE_MS, at(9, 0)).map((m) => m.minute)).toEqual([M0 + 3 * MINUTE_MS]);
    expect(minutesToShare(samples, M0 + 1, at(9, 0)).map((m) => m.minute)).toEqual([M0 + 3 * MINUTE_MS]);
    expect(minutesToShare([], M0, at(9, 0))).toEqual([]);
  });

  it('gives a null topExpression to a minute without classified frames, as the hub requires', () => {
    const [m] = minutesToShare([makeSample({ time: at(0, 1) }), makeUnknownFaceSample('face-cut', { time: at(0, 2) })], M0, at(1, 0));
    expect(m).toMatchObject({ samples: 2, notDetected: 1, unknown: 1, positive: 0, neutral: 0, negative: 0, topExpression: null });
  });

  it('shares nothing sampled before the consent: the first shared minute is the next full one', () => {
    expect(firstSharedMinute(M0)).toBe(M0);
    expect(firstSharedMinute(M0 + 1)).toBe(M0 + MINUTE_MS);
  });
});

describe('meetings and the class offer', () => {
  const known = (classCode: string, prefixes: string[], lastJoinedAt = 1): KnownClass => ({
    classCode,
    hubUrl: 'https://hub.example',
    className: null,
    displayName: 'Ana',
    meetingPrefixes: prefixes,
    lastJoinedAt,
  });

  it('reduces a meeting address to origin and path', () => {
    expect(meetingPrefix('https://meet.google.com/abc-defg-hij?authuser=1#x')).toBe('https://meet.google.com/abc-defg-hij');
    expect(meetingPrefix('http://127.0.0.1:8780/raut-demo/')).toBe('http://127.0.0.1:8780/raut-demo');
    expect(meetingPrefix('not a url')).toBeNull();
    expect(meetingPrefix('chrome://settings')).toBeNull();
  });

  it('matches pages of the same meeting only', () => {
    expect(isMeetingPage('https://zoom.us/wc/123', 'https://zoom.us/wc/123/join?pwd=x')).toBe(true);
    expect(isMeetingPage('https://zoom.us/wc/123', 'https://zoom.us/wc/1234')).toBe(false);
    // Consents stored before normalisation kept a trailing slash.
    expect(isMeetingPage('http://127.0.0.1:8780/raut-demo/', 'http://127.0.0.1:8780/raut-demo/?autojoin')).toBe(true);
    expect(isMeetingPage('http://127.0.0.1:8780/raut-demo/', 'http://127.0.0.1:8780/raut-demo-2/')).toBe(false);
  });

  it('offers the most recently joined matching class that is not shared now', () => {
    const list = [known('AAAAAAAAAA', ['https://meet.google.com/abc'], 1), known('BBBBBBBBBB', ['https://meet.google.com/abc'], 2), known('CCCCCCCCCC', ['https://zoom.us/wc/9'])];
    expect(classToOffer(list, 'https://meet.google.com/abc?x', new Set())?.classCode).toBe('BBBBBBBBBB');
    expect(classToOffer(list, 'https://meet.google.com/abc', new Set(['BBBBBBBBBB']))?.classCode).toBe('AAAAAAAAAA');
    expect(classToOffer(list, 'https://meet.google.com/other', new Set())).toBeNull();
    expect(classToOffer(list, 'garbage', new Set())).toBeNull();
  });
});

describe('hub addresses and class codes', () => {
  it.each([
    ['https://hub.school.example', 'https://hub.school.example'],
    ['https://hub.school.example:8443/raut/', 'https://hub.school.example:8443/raut'],
    ['http://127.0.0.1:8787', 'http://127.0.0.1:8787'],
    ['http://localhost:8787/', 'http://localhost:8787'],
    ['http://[::1]:8787', 'http://[::1]:8787'],
  ])('allows %s', (input, normalised) => {
    expect(isAllowedHubUrl(input)).toBe(true);
    expect(checkHubUrl(input)).toEqual({ ok: true, url: normalised });
  });

  it.each([
    ['http://hub.school.example', 'hubUrl_notEncrypted', /not encrypted/],
    ['http://192.168.1.10:8787', 'hubUrl_notEncrypted', /not encrypted/],
    ['http://127.0.0.1.evil.example', 'hubUrl_notEncrypted', /not encrypted/],
    ['ftp://hub.school.example', 'hubUrl_notHubScheme', /not a hub address/],
    ['javascript:alert(1)', 'hubUrl_notHubScheme', /not a hub address/],
    ['hub.school.example', 'hubUrl_notAddress', /not a web address/],
    ['https://user:pw@hub.school.example', 'hubUrl_credentials', /user name or password/],
    ['https://hub.school.example/?x=1', 'hubUrl_queryOrFragment', /query/],
  ])('refuses %s with a clear message', (input, key, message) => {
    expect(isAllowedHubUrl(input)).toBe(false);
    const checked = checkHubUrl(input);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.error.key).toBe(key);
    expect(localize(checked.error, en.t)).toMatch(message);
    expect(localize(checked.error, id.t)).not.toBe(localize(checked.error, en.t));
  });

  it('says why an address is refused in Indonesian too, keeping the address as typed', () => {
    const insecure = checkHubUrl('http://hub.sekolah.sch.id');
    expect(!insecure.ok && localize(insecure.error, id.t)).toBe(
      'ditolak: http://hub.sekolah.sch.id tidak terenkripsi; Raut mengirim ke hub lewat https, atau lewat http biasa hanya di komputer ini (localhost)',
    );
    const typo = checkHubUrl('hub sekolah');
    expect(!typo.ok && localize(typo.error, id.t)).toBe('"hub sekolah" bukan alamat web; tulis seperti https://hub.school.example');
  });

  it('normalises class codes to the hub alphabet', () => {
    expect(normaliseClassCode(' abcdefgh23 ')).toBe('ABCDEFGH23');
    expect(normaliseClassCode('ABCDEFGH2')).toBeNull();
    expect(normaliseClassCode('ABCDEFGHI0')).toBeNull(); // I and 0 are not in the alphabet
  });

  it('mirrors the hub contract constants', () => {
    expect(MINUTE_MS).toBe(hubContract.MINUTE_MS);
    expect(MAX_MINUTES_PER_UPLOAD).toBe(hubContract.MAX_MINUTES_PER_UPLOAD);
    expect(MAX_SAMPLES_PER_MINUTE).toBe(hubContract.MAX_SAMPLES_PER_MINUTE);
  });
});

describe('previewPayload and the hub client', () => {
  const consent: ShareConsent = {
    classCode: 'ABCDEFGH23',
    hubUrl: 'http://127.0.0.1:8787',
    studentId: 'st1',
    studentToken: 'st1.secret',
    displayName: 'Ana',
    consentedAt: M0,
  };

  it('is exactly the body the client sends, and carries only the aggregate fields', async () => {
    const minutes = minutesToShare([...minuteOfSamples(0), ...minuteOfSamples(1)], M0, at(5, 0));
    // An extra field smuggled onto a minute must not reach the wire.
    const withExtra = minutes.map((m) => ({ ...m, probabilities: [0.1, 0.9] }) as HubMinute);
    const sent: { url: string; init: RequestInit }[] = [];
    const client = new HubClient({
      fetch: async (url, init) => {
        sent.push({ url: String(url), init: init ?? {} });
        return new Response(JSON.stringify({ inserted: 2, replaced: 0, unchanged: 0, ignoredAfterClose: 0 }), { status: 200 });
      },
    });
    const result = await client.uploadMinutes(consent, withExtra);
    expect(result.inserted).toBe(2);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.url).toBe('http://127.0.0.1:8787/classes/ABCDEFGH23/students/me/minutes');
    expect(sent[0]?.init.method).toBe('PUT');
    expect(sent[0]?.init.body).toBe(previewPayload(minutes));
    expect(sent[0]?.init.body).toBe(previewPayload(withExtra));
    expect((sent[0]?.init.headers as Record<string, string>).authorization).toBe('Bearer st1.secret');
    const parsed = JSON.parse(previewPayload(minutes)) as { minutes: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['minutes']);
    for (const m of parsed.minutes) {
      expect(Object.keys(m).sort()).toEqual(
        ['minute', 'samples', 'positive', 'neutral', 'negative', 'notDetected', 'unknown', 'meanEngagement', 'topExpression', 'interested', 'notInterested'].sort(),
      );
    }
    // A minute queued by a Raut from before the engagement layer has no interest counts: they stay out of the body.
    const queuedBefore = minutes.map(({ interested: _i, notInterested: _n, ...rest }) => rest);
    for (const m of (JSON.parse(previewPayload(queuedBefore)) as { minutes: Record<string, unknown>[] }).minutes) {
      expect(m).not.toHaveProperty('interested');
      expect(m).not.toHaveProperty('notInterested');
    }
    expect(() => previewPayload(Array.from({ length: 121 }, (_, i) => ({ ...minutes[0]!, minute: M0 + i * MINUTE_MS })))).toThrow(/at most 120/);
  });

  it('classifies failures: network and 5xx/429 retry, 401/403/404 stop, and refuses a plain-http remote hub before any request', async () => {
    const answer = (status: number) => new HubClient({ fetch: async () => new Response(JSON.stringify({ error: 'nope' }), { status }) });
    const kindOf = (client: HubClient, c: ShareConsent = consent) =>
      client.uploadMinutes(c, []).then(() => 'ok', (error: HubError) => `${error.kind}:${error.retryable}`);
    expect(await kindOf(answer(503))).toBe('server:true');
    expect(await kindOf(answer(429))).toBe('server:true');
    expect(await kindOf(answer(401))).toBe('gone:false');
    expect(await kindOf(answer(403))).toBe('gone:false');
    expect(await kindOf(answer(404))).toBe('gone:false');
    expect(await kindOf(answer(400))).toBe('refused:false');
    const offline = new HubClient({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    expect(await kindOf(offline)).toBe('network:true');
    const slow = new HubClient({
      timeoutMs: 50,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
    });
    const timedOut = await slow.uploadMinutes(consent, []).catch((error: unknown) => error);
    expect(describeError(timedOut, en.t)).toMatch(/no answer within/);
    let called = false;
    const spy = new HubClient({ fetch: async () => ((called = true), new Response('{}')) });
    const insecure = await spy.uploadMinutes({ ...consent, hubUrl: 'http://hub.school.example' }, []).catch((error: unknown) => error);
    expect(insecure).toMatchObject({ kind: 'refused', key: 'hubUrl_notEncrypted' });
    expect(called).toBe(false);
  });

  it('gives each failure as a message for the popup, with the hub’s own words and the status as details', async () => {
    const answer = (status: number, body: unknown) => new HubClient({ fetch: async () => new Response(JSON.stringify(body), { status }) });
    const failure = (client: HubClient) => client.uploadMinutes(consent, []).then(() => null, (error: HubError) => error);
    const gone = await failure(answer(404, { error: 'unknown class' }));
    expect(gone?.text).toEqual({ key: 'shareError_classGone', params: { detail: 'unknown class' } });
    expect(describeError(gone, en.t)).toBe('the class no longer exists on the hub (deleted, or a wrong code): unknown class');
    expect(describeError(gone, id.t)).toBe('kelas ini sudah tidak ada di hub (sudah dihapus, atau kodenya salah): unknown class');
    const busy = await failure(answer(503, null));
    expect(busy?.text).toEqual({ key: 'shareError_server', params: { status: 503, detail: 'HTTP 503' } });
    expect(describeError(busy, id.t)).toBe('hub sedang bermasalah (503: HTTP 503); Raut akan mencoba lagi');
    expect((await failure(answer(401, { error: 'bad token' })))?.key).toBe('shareError_accessEnded');
    expect((await failure(answer(409, { error: 'class is closed' })))?.key).toBe('shareError_classClosed');
    expect((await failure(answer(422, { error: 'bad minute' })))?.text).toEqual({ key: 'shareError_refused', params: { status: 422, detail: 'bad minute' } });
    const offline = await failure(new HubClient({ fetch: async () => Promise.reject(new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') })) }));
    expect(describeError(offline, id.t)).toBe('hub di http://127.0.0.1:8787 tidak dapat dihubungi (fetch failed: ECONNREFUSED); Raut akan mencoba lagi');
    const odd = await new HubClient({ fetch: async () => new Response('{"studentId":1}') }).join(consent.hubUrl, consent.classCode, 'Ana').catch((error: HubError) => error);
    expect(describeError(odd, id.t)).toBe('jawaban hub saat bergabung tidak seperti yang diharapkan');
    // Plain data: it survives storage.local and runtime messages unchanged.
    expect(structuredClone(gone?.text)).toEqual(gone?.text);
  });

  it('backs off exponentially, capped', () => {
    expect(backoffDelay(1)).toBe(BACKOFF.baseMs);
    expect(backoffDelay(2)).toBe(2 * BACKOFF.baseMs);
    expect(backoffDelay(50)).toBe(BACKOFF.maxMs);
  });
});

describe('share-* messages', () => {
  it('accepts the four share messages and drops malformed ones', () => {
    expect(isPopupToBackground({ type: 'share-join', hubUrl: 'http://127.0.0.1:8787', classCode: 'ABCDEFGH23', displayName: 'Ana' })).toBe(true);
    expect(isPopupToBackground({ type: 'share-preview' })).toBe(true);
    expect(isPopupToBackground({ type: 'share-preview', classCode: 'ABCDEFGH23' })).toBe(true);
    expect(isPopupToBackground({ type: 'share-stop', classCode: 'ABCDEFGH23', deleteOnHub: true })).toBe(true);
    expect(isPopupToBackground({ type: 'share-status' })).toBe(true);
    expect(isPopupToBackground({ type: 'share-join', hubUrl: 'x', classCode: 'ABCDEFGH23' })).toBe(false);
    expect(isPopupToBackground({ type: 'share-join', hubUrl: 'x', classCode: 'A', displayName: 'n'.repeat(61) })).toBe(false);
    expect(isPopupToBackground({ type: 'share-stop', classCode: 'ABCDEFGH23' })).toBe(false);
    expect(isPopupToBackground({ type: 'share-preview', classCode: 7 })).toBe(false);
    expect(isPopupToBackground({ type: 'share-forget', classCode: 'ABCDEFGH23' })).toBe(true);
    expect(isPopupToBackground({ type: 'share-forget' })).toBe(false);
    expect(isPopupToBackground({ type: 'share-retry' })).toBe(true);
  });
});
