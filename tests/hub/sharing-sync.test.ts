/**
 * The extension's real sharing modules (hub client + outbox + sync) against a REAL hub process on
 * loopback with a real SQLite file. Browser pieces are stood in for:
 * - fake-indexeddb stands in for the browser's IndexedDB (the outbox and the samples);
 * - MemoryKeyValueStore is a tiny in-memory stand-in for storage.local (the consents).
 * A settable clock drives the minutes; they lie a few minutes in the past, which the hub accepts.
 */
import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type RunningHub } from '../../hub/spawn';
import { MemoryKeyValueStore } from '../../src/background/sharing/kv';
import { countQueued } from '../../src/background/sharing/outbox';
import { CONSENTS_KEY, ShareSync } from '../../src/background/sharing/sync';
import { describeError, localize, type DisplayText } from '../../src/shared/i18n';
import { MINUTE_MS, type ShareConsentState } from '../../src/shared/sharing';
import { addSamples, openRautDb, putSession, type RautDb } from '../../src/shared/storage';
import type { SampleRecord } from '../../src/shared/types';
import { localizerFor } from '../helpers/i18n';
import { makeFaceSample, makeSample, makeSession } from '../helpers/records';
import { call, createClass, minuteStart } from './helpers/hub-client';

const en = localizerFor('en');
const id = localizerFor('id');
/** The background stores and sends reasons as messages; these are the words the popup shows for them. */
const english = (text: DisplayText | null | undefined) => (text ? localize(text, en.t) : '');

let dataDir: string;
let hub: RunningHub;
let port: number;
const HUB_ARGS = ['--failures-per-minute', '100000'];

beforeAll(async () => {
  dataDir = mkdtempSync(joinPath(tmpdir(), 'raut-sharing-sync-'));
  hub = await spawnHub({ dataDir, extraArgs: HUB_ARGS });
  port = Number(new URL(hub.url).port);
});

afterAll(async () => {
  await hub?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Kill -9 (a crash), then start again on the same port and data folder. */
async function crash(): Promise<void> {
  await hub.kill();
}
async function restart(): Promise<void> {
  hub = await spawnHub({ dataDir, port, extraArgs: HUB_ARGS });
}

interface Rig {
  db: RautDb;
  kv: MemoryKeyValueStore;
  sync: ShareSync;
  clock: { now: number };
}

/** `sharingAllowed`: the managed policy's verdict, as the worker passes it (default: allowed). */
async function rig(startAt: number, sharingAllowed?: () => Promise<boolean>): Promise<Rig> {
  const db = await openRautDb(`raut-sharing-sync-${Math.random().toString(36).slice(2)}`);
  const kv = new MemoryKeyValueStore();
  const clock = { now: startAt };
  const sync = new ShareSync({ db: async () => db, kv, now: () => clock.now, ...(sharingAllowed ? { sharingAllowed } : {}) });
  await putSession(db, makeSession({ id: 'class', url: 'http://localhost/raut-demo/', startedAt: startAt }));
  return { db, kv, sync, clock };
}

/** 6 samples in the minute starting at `minute`: 3 happy, 1 neutral, 1 sad, 1 without a face. */
function minuteSamples(minute: number): SampleRecord[] {
  const s = (sec: number) => minute + sec * 1000;
  return [
    makeFaceSample('happy', { sessionId: 'class', time: s(1) }),
    makeFaceSample('happy', { sessionId: 'class', time: s(10) }),
    makeFaceSample('surprise', { sessionId: 'class', time: s(20) }),
    makeFaceSample('neutral', { sessionId: 'class', time: s(30) }),
    makeFaceSample('sad', { sessionId: 'class', time: s(40) }),
    makeSample({ sessionId: 'class', time: s(50) }),
  ];
}

async function participants(code: string, teacherSecret: string): Promise<any[]> {
  const answer = await call(hub.url, 'GET', `/classes/${code}/participants`, { token: teacherSecret });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body.participants;
}

describe('sharing sync against a real hub', () => {
  it('joins, uploads complete minutes, survives a hub crash without losing or doubling, and revoking deletes on the hub', async () => {
    const base = minuteStart(20);
    const { db, kv, sync, clock } = await rig(base);
    const teacher = await createClass(hub.url, 'Physics 8c');

    const joined = await sync.join(hub.url, teacher.code.toLowerCase(), '  Ana  ');
    expect(joined).toMatchObject({ classCode: teacher.code, displayName: 'Ana', queued: 0, broken: null });
    const twice = await sync.join(hub.url, teacher.code, 'Ana').catch((error: unknown) => error);
    expect(twice).toMatchObject({ key: 'share_alreadySharing', params: { code: teacher.code } });
    expect(describeError(twice, id.t)).toBe(`Anda sudah berbagi dengan kelas ${teacher.code}. Berhenti berbagi dulu jika ingin bergabung lagi.`);
    // The popup's status never carries the student token.
    const token = ((await kv.get(CONSENTS_KEY)) as Record<string, ShareConsentState>)[teacher.code]?.studentToken ?? '';
    expect(token.length).toBeGreaterThan(40);
    expect(JSON.stringify(await sync.status())).not.toContain(token.split('.')[1]);

    // Two complete minutes and a third still running: only the two are sent.
    await addSamples(db, [...minuteSamples(base), ...minuteSamples(base + MINUTE_MS), ...minuteSamples(base + 2 * MINUTE_MS).slice(0, 2)]);
    clock.now = base + 2 * MINUTE_MS + 30_000;
    const first = await sync.syncNow();
    expect(first).toMatchObject({ enqueued: 2, uploaded: 2, errors: [] });
    let [ana] = await participants(teacher.code, teacher.teacherSecret);
    expect(ana).toMatchObject({ displayName: 'Ana', minutesShared: 2, totals: { samples: 12, positive: 6, neutral: 2, negative: 2, notDetected: 2, unknown: 0 } });

    // The hub crashes; minute 2 completes and minute 3 passes meanwhile.
    await crash();
    await addSamples(db, [...minuteSamples(base + 2 * MINUTE_MS).slice(2), ...minuteSamples(base + 3 * MINUTE_MS)]);
    clock.now = base + 4 * MINUTE_MS + 5_000;
    const offline = await sync.syncNow();
    expect(offline.uploaded).toBe(0);
    expect(offline.errors).toMatchObject([{ classCode: teacher.code, error: { key: 'shareError_unreachable' } }]);
    let status = (await sync.status()).consents[0];
    expect(status).toMatchObject({ queued: 2, broken: null });
    expect(english(status?.lastError)).toMatch(/could not be reached/);
    expect(localize(status!.lastError!, id.t)).toMatch(/^hub di http:\/\/127\.0\.0\.1:\d+ tidak dapat dihubungi \(.+\); Raut akan mencoba lagi$/);
    expect(status?.retryAt).toBeGreaterThan(clock.now);
    expect(await countQueued(db, teacher.code)).toBe(2);

    // Back on the same port and data: within the backoff nothing is tried; after it, the queue drains.
    await restart();
    expect((await sync.syncNow()).uploaded).toBe(0);
    clock.now = (status?.retryAt ?? 0) + 1;
    expect(await sync.syncNow()).toMatchObject({ uploaded: 2, errors: [] });
    status = (await sync.status()).consents[0];
    expect(status).toMatchObject({ queued: 0, lastError: null, retryAt: null, lastSyncAt: clock.now });
    [ana] = await participants(teacher.code, teacher.teacherSecret);
    expect(ana).toMatchObject({ minutesShared: 4, firstMinute: base, lastMinute: base + 3 * MINUTE_MS, totals: { samples: 24, positive: 12 } });

    // A worker that died between queueing and moving its watermark queues the same minutes again:
    // they are resent and the hub counts them once.
    const consents = (await kv.get(CONSENTS_KEY)) as Record<string, ShareConsentState>;
    consents[teacher.code]!.nextMinute = base;
    await kv.set(CONSENTS_KEY, consents);
    expect(await sync.syncNow()).toMatchObject({ enqueued: 4, uploaded: 4, errors: [] });
    [ana] = await participants(teacher.code, teacher.teacherSecret);
    expect(ana).toMatchObject({ minutesShared: 4, totals: { samples: 24 } });

    // Stop and delete: gone from the hub, and nothing left locally.
    expect(await sync.revoke(teacher.code, { deleteOnHub: true })).toEqual({ stopped: true, deletedOnHub: true, pending: false, error: null });
    expect(await participants(teacher.code, teacher.teacherSecret)).toEqual([]);
    expect(await sync.status()).toEqual({ consents: [], offer: null, pendingRevocations: [] });
    expect(await sync.hasWork()).toBe(false);
    db.close();
  });

  it('keeps a deletion request while the hub is down and completes it when the hub returns', async () => {
    const base = minuteStart(10);
    const { db, sync, clock } = await rig(base);
    const teacher = await createClass(hub.url, 'History 9a');
    await sync.join(hub.url, teacher.code, 'Bo');
    await addSamples(db, minuteSamples(base));
    clock.now = base + MINUTE_MS + 1000;
    expect((await sync.syncNow()).uploaded).toBe(1);

    await crash();
    const revoked = await sync.revoke(teacher.code, { deleteOnHub: true });
    expect(revoked).toMatchObject({ stopped: true, deletedOnHub: false, pending: true });
    expect(english(revoked.error)).toMatch(/could not be reached/);
    expect((await sync.status()).consents).toEqual([]);
    expect((await sync.status()).pendingRevocations).toMatchObject([{ classCode: teacher.code, attempts: 1, lastError: { key: 'shareError_unreachable' } }]);
    expect(await sync.hasWork()).toBe(true);

    await restart();
    expect(await participants(teacher.code, teacher.teacherSecret)).toHaveLength(1);
    expect(await sync.syncNow({ force: true })).toMatchObject({ revocationsConfirmed: 1 });
    expect(await participants(teacher.code, teacher.teacherSecret)).toEqual([]);
    expect(await sync.hasWork()).toBe(false);
    db.close();
  });

  it('marks a consent broken with a clear reason when the class is deleted, and stops retrying', async () => {
    const base = minuteStart(10);
    const { db, sync, clock } = await rig(base);
    const teacher = await createClass(hub.url, 'Art 7b');
    await sync.join(hub.url, teacher.code, 'Cy');
    expect((await call(hub.url, 'DELETE', `/classes/${teacher.code}`, { token: teacher.teacherSecret })).status).toBe(200);
    await addSamples(db, minuteSamples(base));
    clock.now = base + MINUTE_MS + 1000;
    const round = await sync.syncNow();
    expect(round.uploaded).toBe(0);
    const [entry] = (await sync.status()).consents;
    expect(entry?.broken).toMatchObject({ key: 'shareError_classGone' });
    expect(english(entry?.broken)).toMatch(/no longer/);
    expect(localize(entry!.broken!, id.t)).toMatch(/^kelas ini sudah tidak ada di hub/);
    expect(entry?.retryAt).toBeNull();
    // No further attempts: nothing changes on the next round.
    expect(await sync.syncNow()).toMatchObject({ uploaded: 0, enqueued: 0, errors: [] });
    // A refused plain-http remote hub is refused before any network use.
    const insecure = await sync.join('http://hub.example.org', teacher.code, 'Cy').catch((error: unknown) => error);
    expect(describeError(insecure, en.t)).toMatch(/^This address cannot be used: refused: http:\/\/hub\.example\.org is not encrypted/);
    db.close();
  });

  it('remembers a joined class and offers it again at its meeting after a plain stop, never while sharing or elsewhere', async () => {
    const base = minuteStart(10);
    const { db, kv, sync } = await rig(base);
    const meeting = 'https://meet.google.com/abc-defg-hij';
    const teacher = await createClass(hub.url, 'Biology 9b', `${meeting}?authuser=0`);
    // Joined outside any class tab: the consent is bound to the teacher's meeting link, not to every class.
    const joined = await sync.join(hub.url, teacher.code, 'Dewi');
    expect(joined).toMatchObject({ className: 'Biology 9b', sessionUrlPrefix: meeting });
    // While sharing there is nothing to offer.
    expect((await sync.status(`${meeting}?pli=1`)).offer).toBeNull();

    await sync.revoke(teacher.code, { deleteOnHub: false });
    const offer = (await sync.status(`${meeting}?pli=1#x`)).offer;
    expect(offer).toMatchObject({ classCode: teacher.code, hubUrl: hub.url, className: 'Biology 9b', displayName: 'Dewi', meetingPrefixes: [meeting] });
    expect(JSON.stringify(offer)).not.toContain('.'.concat(((await kv.get(CONSENTS_KEY)) as Record<string, ShareConsentState>)[teacher.code]?.studentToken ?? 'none'));
    // Another meeting (one more digit), or no class tab at all: no offer.
    expect((await sync.status(`${meeting}x`)).offer).toBeNull();
    expect((await sync.status('https://meet.google.com/zzz-zzzz-zzz')).offer).toBeNull();
    expect((await sync.status(null)).offer).toBeNull();

    // Joining again is a new consent (a new student id); "not this class" forgets it.
    const again = await sync.join(offer!.hubUrl, offer!.classCode, offer!.displayName);
    expect(again.studentId).not.toBe(joined.studentId);
    await sync.revoke(teacher.code, { deleteOnHub: false });
    expect(await sync.forget(teacher.code.toLowerCase())).toBe(true);
    expect((await sync.status(meeting)).offer).toBeNull();
    expect(await sync.forget(teacher.code)).toBe(false);

    // "Stop and delete" forgets the class too.
    await sync.join(hub.url, teacher.code, 'Dewi');
    await sync.revoke(teacher.code, { deleteOnHub: true });
    expect((await sync.status(meeting)).offer).toBeNull();

    // "Delete all my data" forgets every remembered class.
    await sync.join(hub.url, teacher.code, 'Dewi');
    await sync.revoke(teacher.code, { deleteOnHub: false });
    expect((await sync.status(meeting)).offer).not.toBeNull();
    await sync.forgetAllClasses();
    expect((await sync.status(meeting)).offer).toBeNull();
    db.close();
  });

  it('under a policy that turns sharing off: no new consent, nothing uploaded, but a deletion still reaches the hub', async () => {
    const base = minuteStart(10);
    const allowed = { sharing: true };
    const { db, sync, clock } = await rig(base, async () => allowed.sharing);
    const teacher = await createClass(hub.url, 'Music 8a');
    await sync.join(hub.url, teacher.code, 'Eka');

    allowed.sharing = false; // the administrator switches sharing off
    await expect(sync.join(hub.url, teacher.code, 'Eka 2')).rejects.toMatchObject({ key: 'policy_sharingOff' });
    await addSamples(db, minuteSamples(base));
    clock.now = base + MINUTE_MS + 1000;
    expect(await sync.syncNow({ force: true })).toMatchObject({ uploaded: 0, enqueued: 0 });
    expect((await participants(teacher.code, teacher.teacherSecret))[0]).toMatchObject({ minutesShared: 0 });

    const revoked = await sync.revoke(teacher.code, { deleteOnHub: true });
    expect(revoked).toMatchObject({ stopped: true, deletedOnHub: true });
    expect(await participants(teacher.code, teacher.teacherSecret)).toEqual([]);
    db.close();
  });
});
