// fake-indexeddb stands in for the browser's IndexedDB here (the real one is covered by the
// end-to-end tests). Every test opens its own database name.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { SampleWriter, type WriteTiming } from '../../src/background/sample-writer';
import { getSamples, getSession, openRautDb, putSession, type RautDb } from '../../src/shared/storage';
import type { SampleRecord, SessionRecord } from '../../src/shared/types';
import { makeSample, makeSession } from '../helpers/records';

/** Each sample written as soon as no other write runs (group commit only). */
const AT_ONCE: WriteTiming = { maxDelayMs: 0, maxBatch: 25 };
/** Long enough that only flush() or a full batch writes within a test. */
const HELD: WriteTiming = { maxDelayMs: 60_000, maxBatch: 25 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let counter = 0;
const opened: RautDb[] = [];

async function freshDb(...sessionIds: string[]): Promise<RautDb> {
  counter += 1;
  const db = await openRautDb(`raut-writer-test-${counter}-${Math.random().toString(36).slice(2)}`);
  opened.push(db);
  for (const id of sessionIds) await putSession(db, session(id));
  return db;
}

/** A database opener that answers only once `release` is called: a write that is still running. */
function heldOpen(db: RautDb): { open: () => Promise<RautDb>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return {
    open: async () => {
      await gate;
      return db;
    },
    release,
  };
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

describe('SampleWriter, writing at once', () => {
  it('resolves each add only once its sample can be read back from the database', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, AT_ONCE);
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
    const { open, release } = heldOpen(db);
    const writer = new SampleWriter(open, AT_ONCE);
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
    const writer = new SampleWriter(async () => db, AT_ONCE);
    await Promise.all(Array.from({ length: 20 }, (_, i) => writer.add(sample('s', i))));
    // The first add starts a transaction at once; the other 19 wait for it and go together.
    expect(writer.batches).toBeGreaterThanOrEqual(1);
    expect(writer.batches).toBeLessThanOrEqual(2);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(await getSession(db, 's')).toMatchObject({ sampleCount: 20, lastSampleAt: 19 });
  });

  it('writes one transaction per add when adds come one after another', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, AT_ONCE);
    for (let i = 0; i < 3; i++) await writer.add(sample('s', i));
    expect(writer.batches).toBe(3);
  });

  it('rejects every caller of a failing batch, and later adds still work', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, AT_ONCE);
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
    }, AT_ONCE);
    await expect(writer.add(sample('s', 1))).rejects.toThrow('database unavailable');
    expect(writer.batches).toBe(0);
    fail = false;
    await writer.add(sample('s', 2));
    expect(writer.batches).toBe(1);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([2]);
  });
});

describe('SampleWriter, in batches', () => {
  /** A session's first sample is written at once; each test below starts after it (time 0). */
  async function started(writer: SampleWriter, ...sessionIds: string[]): Promise<void> {
    for (const id of sessionIds) expect(await writer.add(sample(id, 0))).toBe(true);
  }

  it("writes a session's first sample at once, without waiting for the delay", async () => {
    const db = await freshDb('s', 't');
    const writer = new SampleWriter(async () => db, HELD);
    expect(await writer.add(sample('s', 1))).toBe(true);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([1]);
    const second = writer.add(sample('s', 2)); // waits
    expect(await writer.add(sample('t', 3))).toBe(true); // another session's first, and what waits goes with it
    expect(await second).toBe(true);
    expect(writer.batches).toBe(2);
  });

  it('holds samples until the delay passes, then writes them in one transaction', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, { maxDelayMs: 300, maxBatch: 25 });
    await started(writer, 's');
    const adds = [1, 2, 3, 4, 5].map((time) => writer.add(sample('s', time)));
    await sleep(100);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0]);
    expect(writer.batches).toBe(1);
    expect(await Promise.all(adds)).toEqual([true, true, true, true, true]);
    expect(writer.batches).toBe(2);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await getSession(db, 's')).toMatchObject({ sampleCount: 6, lastSampleAt: 5 });
  });

  it('writes the waiting samples at once on flush, and flush resolves only after they are stored', async () => {
    const db = await freshDb('s', 't');
    const writer = new SampleWriter(async () => db, HELD);
    await started(writer, 's', 't');
    const adds = [writer.add(sample('s', 1)), writer.add(sample('t', 2)), writer.add(sample('s', 3))];
    await writer.flush();
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0, 1, 3]);
    expect((await getSamples(db, 't')).map((s) => s.time)).toEqual([0, 2]);
    expect(writer.batches).toBe(3);
    expect(await Promise.all(adds)).toEqual([true, true, true]);
    await writer.flush(); // nothing waiting: no empty transaction
    expect(writer.batches).toBe(3);
  });

  it('writes a full batch without waiting for the delay', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, { maxDelayMs: 60_000, maxBatch: 3 });
    await started(writer, 's');
    const full = [1, 2, 3].map((time) => writer.add(sample('s', time)));
    expect(await Promise.all(full)).toEqual([true, true, true]);
    const waiting = writer.add(sample('s', 4));
    await sleep(50);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0, 1, 2, 3]);
    await writer.flush();
    expect(await waiting).toBe(true);
    expect(writer.batches).toBe(3);
  });

  it('a flush during a write also covers the samples added while it runs', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, HELD);
    await started(writer, 's');
    void writer.add(sample('s', 1));
    const first = writer.flush();
    void writer.add(sample('s', 2)); // arrives while the first batch is being written
    const second = writer.flush();
    await Promise.all([first, second]);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0, 1, 2]);
  });

  it('a sample added while a batch is written waits for its own delay, not going alone right after', async () => {
    const db = await freshDb('s');
    const { open, release } = heldOpen(db);
    const writer = new SampleWriter(open, { maxDelayMs: 300, maxBatch: 25 });
    const first = writer.add(sample('s', 1)); // the session's first: written at once, held by the database
    const late = writer.add(sample('s', 2));
    release();
    expect(await first).toBe(true);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([1]);
    expect(await late).toBe(true); // after its 300 ms
    expect(writer.batches).toBe(2);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([1, 2]);
  });

  it('discard drops what waits: nothing of it is written, its adds resolve to false', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, { maxDelayMs: 100, maxBatch: 25 });
    await started(writer, 's');
    const dropped = [writer.add(sample('s', 1)), writer.add(sample('s', 2))];
    writer.discard();
    expect(await Promise.all(dropped)).toEqual([false, false]);
    await sleep(200); // the delay's timer went with them
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0]);
    expect(writer.batches).toBe(1);
    const after = writer.add(sample('s', 3));
    await writer.flush();
    expect(await after).toBe(true);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0, 3]);
  });

  it('a failed batch rejects its own samples only; the next batch is written', async () => {
    const db = await freshDb('s');
    const writer = new SampleWriter(async () => db, HELD);
    await started(writer, 's');
    const good = writer.add(sample('s', 1));
    const ghost = writer.add(sample('ghost', 2)); // a session not in the database: its batch fails
    await expect(good).rejects.toThrow(/unknown session ghost/);
    await expect(ghost).rejects.toThrow(/unknown session ghost/);
    const later = writer.add(sample('s', 3));
    await writer.flush();
    expect(await later).toBe(true);
    expect((await getSamples(db, 's')).map((s) => s.time)).toEqual([0, 3]);
  });
});
