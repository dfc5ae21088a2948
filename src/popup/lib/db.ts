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
