import { getSamples, getSession, listSessions } from '../../shared/storage';
import type { SampleRecord, SessionRecord } from '../../shared/types';
import { getSettledDb } from './db';

export interface SessionDetail {
  session: SessionRecord;
  samples: SampleRecord[];
}

/** A session with its samples; null when it no longer exists. */
export async function loadSessionDetail(sessionId: string): Promise<SessionDetail | null> {
  const db = await getSettledDb();
  const session = await getSession(db, sessionId);
  if (!session) return null;
  return { session, samples: await getSamples(db, sessionId) };
}

/** Every session with its samples, newest first. */
export async function loadAllSessionDetails(): Promise<SessionDetail[]> {
  const db = await getSettledDb();
  const sessions = await listSessions(db);
  const details: SessionDetail[] = [];
  for (const session of sessions) details.push({ session, samples: await getSamples(db, session.id) });
  return details;
}
