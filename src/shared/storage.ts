/**
 * Raut's local database (IndexedDB through idb): sessions and their samples.
 * Used by the background worker (writes) and the popup (reads, deletes, exports).
 * Nothing here ever holds an image: a sample is numbers and labels only.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { SCHEMA_VERSION } from './schema';
import type { HubMinute } from './sharing';
import type { SampleRecord, SessionRecord } from './types';

export const DB_NAME = 'raut';

export interface RautDbSchema extends DBSchema {
  sessions: {
    key: string;
    value: SessionRecord;
    indexes: { byStartedAt: number; byStatus: string };
  };
  samples: {
    key: number;
    value: SampleRecord;
    indexes: { bySession: string; bySessionTime: [string, number] };
  };
  /** Since version 2: consented per-minute aggregates not yet acknowledged by the class hub. */
  outbox: {
    key: [string, number];
    value: OutboxRow;
  };
}

/** One queued minute for one class (key: [classCode, minute]). Aggregates only, never samples. */
export interface OutboxRow {
  classCode: string;
  minute: number;
  aggregate: HubMinute;
  queuedAt: number;
}

export type RautDb = IDBPDatabase<RautDbSchema>;
type UpgradeTransaction = IDBPTransaction<RautDbSchema, StoreNames<RautDbSchema>[], 'versionchange'>;

/**
 * Migrations, by the version they upgrade TO. Each runs inside the upgrade transaction, in order,
 * so a database of any older version reaches SCHEMA_VERSION. Never edit a shipped migration: add one.
 */
export const MIGRATIONS: Record<number, (db: IDBPDatabase<RautDbSchema>, tx: UpgradeTransaction) => void> = {
  1(db) {
    const sessions = db.createObjectStore('sessions', { keyPath: 'id' });
    sessions.createIndex('byStartedAt', 'startedAt');
    sessions.createIndex('byStatus', 'status');
    const samples = db.createObjectStore('samples', { keyPath: 'id', autoIncrement: true });
    samples.createIndex('bySession', 'sessionId');
    samples.createIndex('bySessionTime', ['sessionId', 'time']);
  },
  2(db) {
    db.createObjectStore('outbox', { keyPath: ['classCode', 'minute'] });
  },
};

export async function openRautDb(name = DB_NAME, version = SCHEMA_VERSION): Promise<RautDb> {
  return openDB<RautDbSchema>(name, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion + 1; v <= (newVersion ?? version); v++) {
        const migrate = MIGRATIONS[v];
        if (!migrate) {
          tx.abort();
          throw new Error(`no storage migration to schema version ${v}`);
        }
        migrate(db, tx);
      }
    },
    blocking() {
      // Another context wants a newer schema: let it upgrade rather than blocking it.
      void 0;
    },
  });
}

export async function putSession(db: RautDb, session: SessionRecord): Promise<void> {
  await db.put('sessions', session);
}

export async function getSession(db: RautDb, id: string): Promise<SessionRecord | undefined> {
  return db.get('sessions', id);
}

/** Sessions, newest first. */
export async function listSessions(db: RautDb): Promise<SessionRecord[]> {
  const all = await db.getAllFromIndex('sessions', 'byStartedAt');
  return all.reverse();
}

export async function listActiveSessions(db: RautDb): Promise<SessionRecord[]> {
  return db.getAllFromIndex('sessions', 'byStatus', 'active');
}

/** Samples of one session in time order. */
export async function getSamples(db: RautDb, sessionId: string): Promise<SampleRecord[]> {
  const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
  return db.getAllFromIndex('samples', 'bySessionTime', range);
}

/** The last `count` samples of a session, oldest first. */
export async function getRecentSamples(db: RautDb, sessionId: string, count: number): Promise<SampleRecord[]> {
  const range = IDBKeyRange.bound([sessionId, -Infinity], [sessionId, Infinity]);
  const recent: SampleRecord[] = [];
  let cursor = await db.transaction('samples').store.index('bySessionTime').openCursor(range, 'prev');
  while (cursor && recent.length < count) {
    recent.push(cursor.value);
    cursor = await cursor.continue();
  }
  return recent.reverse();
}

/**
 * Stores samples and keeps their sessions' counters in step, in one transaction:
 * either all of a batch is stored with its counters, or none of it.
 */
export async function addSamples(db: RautDb, samples: readonly SampleRecord[]): Promise<void> {
  if (samples.length === 0) return;
  const tx = db.transaction(['samples', 'sessions'], 'readwrite');
  const sessions = new Map<string, SessionRecord>();
  for (const sessionId of new Set(samples.map((sample) => sample.sessionId))) {
    const session = await tx.objectStore('sessions').get(sessionId);
    if (!session) {
      tx.abort();
      await tx.done.catch(() => undefined);
      throw new Error(`sample for unknown session ${sessionId}`);
    }
    sessions.set(sessionId, session);
  }
  const writes: Promise<unknown>[] = [];
  for (const sample of samples) {
    writes.push(tx.objectStore('samples').add(sample));
    const session = sessions.get(sample.sessionId) as SessionRecord;
    session.sampleCount += 1;
    session.lastSampleAt = Math.max(session.lastSampleAt ?? 0, sample.time);
    session.backend = sample.backend;
    session.modelId = sample.modelId;
  }
  for (const session of sessions.values()) writes.push(tx.objectStore('sessions').put(session));
  // The first failing write carries the real reason; tx.done would only say "AbortError".
  await Promise.all([...writes, tx.done]);
}

export async function deleteSession(db: RautDb, sessionId: string): Promise<void> {
  const tx = db.transaction(['samples', 'sessions'], 'readwrite');
  let cursor = await tx.objectStore('samples').index('bySession').openKeyCursor(IDBKeyRange.only(sessionId));
  while (cursor) {
    void tx.objectStore('samples').delete(cursor.primaryKey);
    cursor = await cursor.continue();
  }
  void tx.objectStore('sessions').delete(sessionId);
  await tx.done;
}

/** Deletes every session (and its samples) that ended, or started, before `cutoff`. Returns how many. */
export async function deleteSessionsOlderThan(db: RautDb, cutoff: number): Promise<number> {
  const old = await db.getAllFromIndex('sessions', 'byStartedAt', IDBKeyRange.upperBound(cutoff, true));
  const expired = old.filter((session) => (session.endedAt ?? session.lastSampleAt ?? session.startedAt) < cutoff);
  for (const session of expired) await deleteSession(db, session.id);
  return expired.length;
}

/** Everything the student has here: sessions, samples, and minutes still waiting to be shared. */
export async function deleteAllData(db: RautDb): Promise<void> {
  const tx = db.transaction(['samples', 'sessions', 'outbox'], 'readwrite');
  await Promise.all([tx.objectStore('samples').clear(), tx.objectStore('sessions').clear(), tx.objectStore('outbox').clear(), tx.done]);
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}
