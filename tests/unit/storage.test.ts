// fake-indexeddb stands in for the browser's IndexedDB here (the real one is covered by the
// end-to-end tests). Every test opens its own database name, so tests never share state.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/shared/schema';
import {
  DAY_MS,
  MIGRATIONS,
  addSamples,
  deleteAllData,
  deleteSession,
  deleteSessionsOlderThan,
  getRecentSamples,
  getSamples,
  getSession,
  listActiveSessions,
  listSessions,
  openRautDb,
  putSession,
  retentionCutoff,
  type RautDb,
} from '../../src/shared/storage';
import type { Backend, SampleRecord, SessionRecord } from '../../src/shared/types';
import { makeFaceSample, makeSession } from '../helpers/records';

let dbCounter = 0;
const opened: RautDb[] = [];

function uniqueName(): string {
  dbCounter += 1;
  return `raut-storage-test-${dbCounter}-${Math.random().toString(36).slice(2)}`;
}

async function freshDb(): Promise<RautDb> {
  const db = await openRautDb(uniqueName());
  opened.push(db);
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function session(id: string, startedAt: number, patch: Partial<SessionRecord> = {}): SessionRecord {
  return makeSession({ id, url: 'http://localhost/raut-demo/', startedAt, ...patch });
}

function sample(sessionId: string, time: number, backend: Backend = 'wasm', modelId = 'human-emotion'): SampleRecord {
  return makeFaceSample('happy', {
    sessionId,
    time,
    box: { x: 0.25, y: 0.2, width: 0.3, height: 0.4 },
    probabilities: [0.01, 0.01, 0.02, 0.8, 0.05, 0.01, 0.1],
    backend,
    modelId,
  });
}

const times = (samples: readonly SampleRecord[]): number[] => samples.map((s) => s.time);

describe('openRautDb and migrations', () => {
  it('creates the sessions and samples stores with their indexes', async () => {
    const db = await freshDb();
    expect(db.version).toBe(SCHEMA_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(['outbox', 'samples', 'sessions']);
    const tx = db.transaction(['sessions', 'samples']);
    const sessions = tx.objectStore('sessions');
    const samples = tx.objectStore('samples');
    expect(sessions.keyPath).toBe('id');
    expect(samples.keyPath).toBe('id');
    expect(samples.autoIncrement).toBe(true);
    expect([...sessions.indexNames].sort()).toEqual(['byStartedAt', 'byStatus']);
    expect([...samples.indexNames].sort()).toEqual(['bySession', 'bySessionTime']);
    expect(sessions.index('byStartedAt').keyPath).toBe('startedAt');
    expect(sessions.index('byStatus').keyPath).toBe('status');
    expect(samples.index('bySession').keyPath).toBe('sessionId');
    expect(samples.index('bySessionTime').keyPath).toEqual(['sessionId', 'time']);
    await tx.done;
  });

  it('has a migration for every version from 1 to SCHEMA_VERSION, and none beyond', () => {
    for (let v = 1; v <= SCHEMA_VERSION; v++) expect(typeof MIGRATIONS[v], `migration ${v}`).toBe('function');
    expect(Object.keys(MIGRATIONS).map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  it('runs every migration once, in order, from version 0; then only the new ones on upgrade', async () => {
    const log: number[] = [];
    const originals = new Map<number, (typeof MIGRATIONS)[number]>();
    const next = SCHEMA_VERSION + 1;
    const after = SCHEMA_VERSION + 2;
    for (let v = 1; v <= SCHEMA_VERSION; v++) {
      const original = MIGRATIONS[v];
      if (!original) throw new Error(`missing migration ${v}`);
      originals.set(v, original);
      MIGRATIONS[v] = (db, tx) => {
        log.push(v);
        original(db, tx);
      };
    }
    MIGRATIONS[next] = () => void log.push(next);
    MIGRATIONS[after] = () => void log.push(after);
    try {
      const name = uniqueName();
      const db = await openRautDb(name, next);
      expect(log).toEqual([...Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1), next]);
      expect([...db.objectStoreNames].sort()).toEqual(['outbox', 'samples', 'sessions']);
      await putSession(db, session('kept', 1));
      db.close();

      log.length = 0;
      const upgraded = await openRautDb(name, after);
      opened.push(upgraded);
      expect(log).toEqual([after]);
      expect(upgraded.version).toBe(after);
      expect(await getSession(upgraded, 'kept')).toMatchObject({ id: 'kept' });
    } finally {
      delete MIGRATIONS[next];
      delete MIGRATIONS[after];
      for (const [v, original] of originals) MIGRATIONS[v] = original;
    }
  });

  it('opens a database created at version 1 again, keeping its data', async () => {
    const name = uniqueName();
    const v1 = await openRautDb(name, 1);
    await putSession(v1, session('s1', 1000));
    await addSamples(v1, [sample('s1', 1001)]);
    v1.close();

    const again = await openRautDb(name);
    opened.push(again);
    expect(again.version).toBe(SCHEMA_VERSION);
    expect(await getSession(again, 's1')).toMatchObject({ id: 's1', sampleCount: 1 });
    expect(times(await getSamples(again, 's1'))).toEqual([1001]);
  });
});

describe('sessions', () => {
  it('puts, gets and replaces a session by id', async () => {
    const db = await freshDb();
    expect(await getSession(db, 'missing')).toBeUndefined();
    await putSession(db, session('a', 100));
    expect(await getSession(db, 'a')).toEqual(session('a', 100));
    await putSession(db, session('a', 100, { status: 'ended', endedAt: 200, endReason: 'tab-closed' }));
    expect(await getSession(db, 'a')).toMatchObject({ status: 'ended', endedAt: 200, endReason: 'tab-closed' });
    expect(await listSessions(db)).toHaveLength(1);
  });

  it('lists sessions newest first, whatever the insertion order', async () => {
    const db = await freshDb();
    await putSession(db, session('middle', 2000));
    await putSession(db, session('newest', 3000));
    await putSession(db, session('oldest', 1000));
    expect((await listSessions(db)).map((s) => s.id)).toEqual(['newest', 'middle', 'oldest']);
  });

  it('lists only active sessions as active', async () => {
    const db = await freshDb();
    await putSession(db, session('on', 1));
    await putSession(db, session('off', 2, { status: 'ended', endedAt: 3 }));
    expect((await listActiveSessions(db)).map((s) => s.id)).toEqual(['on']);
  });
});

describe('addSamples', () => {
  it('stores samples and updates each session’s counters, backend and model', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 0));
    await putSession(db, session('b', 0, { sampleCount: 5, lastSampleAt: 100, backend: 'cpu', modelId: 'old' }));
    await addSamples(db, [
      sample('a', 30, 'wasm', 'm1'),
      sample('b', 50, 'webgl', 'm2'),
      sample('a', 10, 'webgpu', 'm3'), // earlier time, but the last of session a in the batch
    ]);
    expect(await getSession(db, 'a')).toMatchObject({ sampleCount: 2, lastSampleAt: 30, backend: 'webgpu', modelId: 'm3' });
    // lastSampleAt never moves back: the stored 100 is later than the batch's 50.
    expect(await getSession(db, 'b')).toMatchObject({ sampleCount: 6, lastSampleAt: 100, backend: 'webgl', modelId: 'm2' });
    expect(times(await getSamples(db, 'a'))).toEqual([10, 30]);
    expect(times(await getSamples(db, 'b'))).toEqual([50]);
  });

  it('assigns increasing ids', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 0));
    await addSamples(db, [sample('a', 1), sample('a', 2)]);
    await addSamples(db, [sample('a', 3)]);
    const ids = (await getSamples(db, 'a')).map((s) => s.id as number);
    expect(ids).toHaveLength(3);
    expect(ids[0]).toBeLessThan(ids[1] as number);
    expect(ids[1]).toBeLessThan(ids[2] as number);
  });

  it('does nothing for an empty batch', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 0));
    await addSamples(db, []);
    expect(await getSession(db, 'a')).toMatchObject({ sampleCount: 0, lastSampleAt: null });
  });

  it('rejects a batch with a sample of an unknown session', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 0));
    await expect(addSamples(db, [sample('a', 10), sample('ghost', 11)])).rejects.toThrow(/unknown session ghost/);
    await expect(addSamples(db, [sample('ghost', 12)])).rejects.toThrow(/unknown session ghost/);
  });

  it('stores nothing from a rejected batch, and leaves the counters alone (one transaction)', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 0));
    await addSamples(db, [sample('a', 5)]);
    await expect(addSamples(db, [sample('a', 10), sample('ghost', 11)])).rejects.toThrow(/unknown session/);
    await expect(addSamples(db, [sample('ghost', 12)])).rejects.toThrow(/unknown session/);
    // Let any transaction left running settle before reading.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(times(await getSamples(db, 'ghost'))).toEqual([]);
    expect(times(await getSamples(db, 'a'))).toEqual([5]);
    expect(await getSession(db, 'a')).toMatchObject({ sampleCount: 1, lastSampleAt: 5 });
    // The counter agrees with what is stored.
    const stored = await getSamples(db, 'a');
    expect((await getSession(db, 'a'))?.sampleCount).toBe(stored.length);
  });
});

describe('reading samples', () => {
  async function seeded(): Promise<RautDb> {
    const db = await freshDb();
    for (const id of ['a', 'ab', 'b']) await putSession(db, session(id, 0));
    await addSamples(db, [sample('a', 30), sample('b', 15), sample('a', 10), sample('ab', 12), sample('a', 50), sample('a', 20)]);
    await addSamples(db, [sample('a', 40)]);
    return db;
  }

  it('getSamples returns one session’s samples in time order', async () => {
    const db = await seeded();
    expect(times(await getSamples(db, 'a'))).toEqual([10, 20, 30, 40, 50]);
    expect(times(await getSamples(db, 'ab'))).toEqual([12]); // "ab" is not "a"
    expect(times(await getSamples(db, 'b'))).toEqual([15]);
    expect(await getSamples(db, 'nobody')).toEqual([]);
    expect((await getSamples(db, 'a')).every((s) => s.sessionId === 'a')).toBe(true);
  });

  it('getRecentSamples returns the last n, oldest first', async () => {
    const db = await seeded();
    expect(times(await getRecentSamples(db, 'a', 3))).toEqual([30, 40, 50]);
    expect(times(await getRecentSamples(db, 'a', 1))).toEqual([50]);
    expect(times(await getRecentSamples(db, 'a', 99))).toEqual([10, 20, 30, 40, 50]);
    expect(await getRecentSamples(db, 'a', 0)).toEqual([]);
    expect(times(await getRecentSamples(db, 'b', 5))).toEqual([15]);
    expect(await getRecentSamples(db, 'nobody', 5)).toEqual([]);
  });
});

describe('deleting', () => {
  it('deleteSession removes the session and its samples only', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 1));
    await putSession(db, session('b', 2));
    await addSamples(db, [sample('a', 1), sample('b', 2), sample('a', 3), sample('b', 4)]);
    await deleteSession(db, 'a');
    expect(await getSession(db, 'a')).toBeUndefined();
    expect(await getSamples(db, 'a')).toEqual([]);
    expect(await getSession(db, 'b')).toMatchObject({ id: 'b', sampleCount: 2 });
    expect(times(await getSamples(db, 'b'))).toEqual([2, 4]);
    expect(await db.count('samples')).toBe(2);
    // Deleting a session that does not exist is harmless.
    await deleteSession(db, 'nobody');
    expect(await db.count('sessions')).toBe(1);
  });

  it('retentionCutoff is now minus whole days', () => {
    expect(DAY_MS).toBe(86_400_000);
    expect(retentionCutoff(Date.UTC(2026, 0, 31), 30)).toBe(Date.UTC(2026, 0, 1));
    expect(retentionCutoff(Date.UTC(2026, 2, 1), 1)).toBe(Date.UTC(2026, 1, 28));
  });

  it('deleteSessionsOlderThan deletes sessions that ended (or went quiet) before the cutoff', async () => {
    const now = Date.UTC(2026, 5, 30, 12);
    const cutoff = retentionCutoff(now, 30);
    const db = await freshDb();
    const old = now - 40 * DAY_MS;
    await putSession(db, session('old-ended', old, { status: 'ended', endedAt: old + 3_600_000, lastSampleAt: old + 3_000_000 }));
    await putSession(db, session('old-silent', old)); // never sampled, never ended
    await putSession(db, session('recent', now - DAY_MS, { status: 'ended', endedAt: now - DAY_MS + 60_000 }));
    await putSession(db, session('old-but-sampling', old, { lastSampleAt: now - 3_600_000 }));
    await putSession(db, session('old-ended-recently', old, { status: 'ended', endedAt: now - 2 * DAY_MS }));
    await putSession(db, session('at-cutoff', cutoff, { status: 'ended', endedAt: cutoff }));
    await addSamples(db, [sample('old-ended', old + 1000), sample('old-ended', old + 2000), sample('old-but-sampling', now - 3_600_000)]);
    await addSamples(db, [sample('recent', now - DAY_MS + 1000)]);

    expect(await deleteSessionsOlderThan(db, cutoff)).toBe(2);
    expect((await listSessions(db)).map((s) => s.id).sort()).toEqual(
      ['at-cutoff', 'old-but-sampling', 'old-ended-recently', 'recent'].sort(),
    );
    expect(await getSamples(db, 'old-ended')).toEqual([]);
    expect(await getSamples(db, 'old-but-sampling')).toHaveLength(1);
    expect(await getSamples(db, 'recent')).toHaveLength(1);
    expect(await db.count('samples')).toBe(2);
    // Nothing left to delete.
    expect(await deleteSessionsOlderThan(db, cutoff)).toBe(0);
  });

  it('deleteAllData empties every store, unsent shared minutes included, and the database stays usable', async () => {
    const db = await freshDb();
    await putSession(db, session('a', 1));
    await putSession(db, session('b', 2));
    await addSamples(db, [sample('a', 1), sample('b', 2)]);
    const aggregate = { minute: 60_000, samples: 1, positive: 1, neutral: 0, negative: 0, notDetected: 0, unknown: 0, meanEngagement: null, topExpression: 'happy' as const };
    await db.put('outbox', { classCode: 'CLASS12345', minute: 60_000, aggregate, queuedAt: 1 });
    await deleteAllData(db);
    expect(await db.count('sessions')).toBe(0);
    expect(await db.count('samples')).toBe(0);
    expect(await db.count('outbox')).toBe(0);
    await putSession(db, session('c', 3));
    await addSamples(db, [sample('c', 4)]);
    expect(await getSession(db, 'c')).toMatchObject({ sampleCount: 1 });
  });
});
