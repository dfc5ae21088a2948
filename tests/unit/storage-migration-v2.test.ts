// fake-indexeddb stands in for the browser's IndexedDB here (the real one is covered by the
// end-to-end tests). Schema version 2 adds the sharing `outbox` store and nothing else.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/shared/schema';
import { addSamples, getSamples, getSession, openRautDb, putSession } from '../../src/shared/storage';
import { makeFaceSample, makeSession } from '../helpers/records';

describe('storage migration to version 2', () => {
  it('opens a v1 database with data as v2: sessions and samples intact, an empty outbox keyed by [classCode, minute]', async () => {
    const name = `raut-migration-v2-${Math.random().toString(36).slice(2)}`;
    const v1 = await openRautDb(name, 1);
    expect([...v1.objectStoreNames].sort()).toEqual(['samples', 'sessions']);
    await putSession(v1, makeSession({ id: 's1', startedAt: 1000 }));
    await addSamples(v1, [makeFaceSample('happy', { sessionId: 's1', time: 1001 }), makeFaceSample('sad', { sessionId: 's1', time: 1002 })]);
    v1.close();

    expect(SCHEMA_VERSION).toBe(2);
    const v2 = await openRautDb(name);
    try {
      expect(v2.version).toBe(2);
      expect([...v2.objectStoreNames].sort()).toEqual(['outbox', 'samples', 'sessions']);
      expect(await getSession(v2, 's1')).toMatchObject({ id: 's1', sampleCount: 2, lastSampleAt: 1002 });
      expect((await getSamples(v2, 's1')).map((s) => [s.time, s.top])).toEqual([[1001, 'happy'], [1002, 'sad']]);
      expect(await v2.count('outbox')).toBe(0);
      const tx = v2.transaction(['outbox', 'samples']);
      expect(tx.objectStore('outbox').keyPath).toEqual(['classCode', 'minute']);
      expect(tx.objectStore('outbox').autoIncrement).toBe(false);
      // The v1 indexes survive the upgrade.
      expect([...tx.objectStore('samples').indexNames].sort()).toEqual(['bySession', 'bySessionTime']);
      await tx.done;
    } finally {
      v2.close();
    }
  });
});
