// fake-indexeddb stands in for the browser's IndexedDB here (the real one is covered by the
// end-to-end tests). Every test opens its own database name.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SampleWriter } from '../../src/background/sample-writer';
import { getSamples, getSession, openRautDb, putSession, type RautDb } from '../../src/shared/storage';
import type { SampleRecord, SessionRecord } from '../../src/shared/types';
import { makeSample, makeSession } from '../helpers/records';

let counter = 0;
const opened: RautDb[] = [];

async function freshDb(...sessionIds: string[]): Promise<RautDb> {
  counter += 1;
  const db = await openRautDb(`raut-writer-test-${counter}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  for (const id of sessionIds) await putSession(db, session(id));
  return db;
}

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

function session(id: string): SessionRecord {
  return makeSession({ id, platform: 'meet', title: id, url: 'https://meet.google.com/abc-defg-hij' });
}

function sample(sessionId: string, time: number): SampleRecord {
  return makeSample({ sessionId, time, backend: 'cpu' });
}

describe('SampleWriter', () => {
  it('resolves each add only once its sample can be read back from the database', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db);
    const seenOnResolve: boolean[] = [];
    const adds = [1, 2, 3, 4, 5].map((time) =>
      writer.add(sample('s', time)).then(async () => {
        const stored = await getSamples(db, 's');
        seenOnResolve.push(stored.some((s) => s.time === time));
      }),
    );
    await Promise.all(adds);
    expect(seenOnResolve).toEqual([true, true, true, true, true]);
    expect(await getSession(db, 's')).toMatchObject({ sampleCount: 5, lastSampleAt: 5 });
  });

  it('has not resolved before the database is even available', async () => {
    const db = await freshDb('s');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const writer = new SampleWriter(async () => {
      await gate;
      return db;
    });
    let resolved = false;
    const pending = writer.add(sample('s', 1)).then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).toBe(false);
    expect(await getSamples(db, 's')).toEqual([]);
    release();
    await pending;
    expect(resolved).toBe(true);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([1]);
  });

  it('groups concurrent adds into few transactions', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db);
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.add(sample('s', i))));
    // The first add starts a transaction at once; the other 19 wait for it and go together.
    expect(writer.batches).toBeGreaterThanOrEqual(1);
    expect(writer.batches).toBeLessThanOrEqual(2);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await getSession(db, 's')).toMatchObject({ sampleCount: 20, lastSampleAt: 19 });
  });

  it('writes one transaction per add when adds come one after another', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db);
    for (let i = 0; i < 3; i++) await writer.add(sample('s', i));
    expect(writer.batches).toBe(3);
  });

  it('rejects every caller of a failing batch, and later adds still work', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db);
    // First add runs alone; the next two (same tick) form the second batch, which fails on "ghost".
    const first = writer.add(sample('s', 1));
    const ghost = writer.add(sample('ghost', 2));
    const sameBatch = writer.add(sample('s', 3));
    const results = await Promise.allSettled([first, ghost, sameBatch]);
    expect(results[0]?.status).toBe('fulfilled');
    expect(results[1]?.status).toBe('rejected');
    expect(results[2]?.status).toBe('rejected');
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/unknown session ghost/);
    expect((results[2] as PromiseRejectedResult).reason).toBe((results[1] as PromiseRejectedResult).reason);
    const batchesAfterFailure = writer.batches;

    await writer.add(sample('s', 4));
    await Promise.all([writer.add(sample('s', 5)), writer.add(sample('s', 6))]);
    expect(writer.batches).toBeGreaterThan(batchesAfterFailure);
    const stored = (await getSamples(db, 's')).map((s) => s.time);
    for (const time of [1, 4, 5, 6]) expect(stored).toContain(time);
  });

  it('rejects the callers when the database cannot be opened, and recovers', async () => {
    const db = await freshDb('s');
    let fail = true;
    const writer = new SampleWriter(async () => {
      if (fail) throw new Error('database unavailable');
      return db;
    });
    await expect(writer.add(sample('s', 1))).rejects.toThrow('database unavailable');
    expect(writer.batches).toBe(0);
    fail = false;
    await writer.add(sample('s', 2));
    expect(writer.batches).toBe(1);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([2]);
  });
});
