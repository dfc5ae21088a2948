/**
 * The outbox: consented minutes waiting for the hub, in IndexedDB (store `outbox`, schema
 * version 2), keyed by [classCode, minute]. It survives worker and browser restarts; putting a
 * minute again replaces it (no doubles), and a row leaves only after the hub acknowledged it.
 */
import type { OutboxRow, RautDb } from '../../shared/storage';
import type { HubMinute } from '../../shared/sharing';

function classRange(classCode: string): IDBKeyRange {
  return IDBKeyRange.bound([classCode, -Infinity], [classCode, Infinity]);
}

export async function enqueueMinutes(db: RautDb, classCode: string, minutes: readonly HubMinute[], now = Date.now()): Promise<void> {
  if (minutes.length === 0) return;
  const tx = db.transaction('outbox', 'readwrite');
  const writes = minutes.map((aggregate) => tx.store.put({ classCode, minute: aggregate.minute, aggregate, queuedAt: now } satisfies OutboxRow));
  await Promise.all([...writes, tx.done]);
}

/** The oldest `limit` queued minutes of a class, in minute order. */
export async function peekMinutes(db: RautDb, classCode: string, limit: number): Promise<OutboxRow[]> {
  return db.getAll('outbox', classRange(classCode), limit);
}

export async function countQueued(db: RautDb, classCode: string): Promise<number> {
  return db.count('outbox', classRange(classCode));
}

export async function removeMinutes(db: RautDb, classCode: string, minutes: readonly number[]): Promise<void> {
  if (minutes.length === 0) return;
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([...minutes.map((minute) => tx.store.delete([classCode, minute])), tx.done]);
}

export async function clearClass(db: RautDb, classCode: string): Promise<void> {
  const tx = db.transaction('outbox', 'readwrite');
  await Promise.all([tx.store.delete(classRange(classCode)), tx.done]);
}
