import { tellBackground } from './background';
import { openRautDb, type RautDb } from '../../shared/storage';

let opening: Promise<RautDb> | null = null;

/** One connection for the popup's lifetime; a failed open is retried on the next call. */
export function getDb(): Promise<RautDb> {
  opening ??= openRautDb().catch((error: unknown) => {
    opening = null;
    throw error;
  });
  return opening;
}

/**
 * The database for reading sessions and samples: first the background writes the samples still
 * waiting for their batch (src/background/sample-writer.ts), so a running class shows its last
 * seconds too. A background that cannot be reached has nothing waiting to show: read what is there.
 */
export async function getSettledDb(): Promise<RautDb> {
  await tellBackground({ type: 'flush-samples' }).catch(() => undefined);
  return getDb();
}
