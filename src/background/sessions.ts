/** Session records: created when a class camera first goes live in a tab, ended when the class ends. */
import { getSession, listActiveSessions, putSession, type RautDb } from '../shared/storage';
import type { ClassInfo } from '../shared/messages';
import type { SessionRecord } from '../shared/types';

export async function startSession(db: RautDb, info: ClassInfo, now = Date.now()): Promise<SessionRecord> {
  const session: SessionRecord = {
    id: crypto.randomUUID(),
    platform: info.platform,
    title: info.title,
    url: info.url,
    startedAt: now,
    lastSampleAt: null,
    endedAt: null,
    status: 'active',
    endReason: null,
    sampleCount: 0,
    backend: null,
    modelId: null,
  };
  await putSession(db, session);
  return session;
}

export async function endSession(db: RautDb, sessionId: string, reason: string, now = Date.now()): Promise<void> {
  const session = await getSession(db, sessionId);
  if (!session || session.status === 'ended') return;
  await putSession(db, { ...session, status: 'ended', endedAt: Math.max(now, session.lastSampleAt ?? 0), endReason: reason });
}

/**
 * Sessions left active by a browser that closed or crashed: ended at their last sample
 * (not "now", which would count the time the browser was closed as class time).
 */
export async function endOrphanedSessions(db: RautDb, liveSessionIds: ReadonlySet<string>): Promise<number> {
  let ended = 0;
  for (const session of await listActiveSessions(db)) {
    if (liveSessionIds.has(session.id)) continue;
    await putSession(db, {
      ...session,
      status: 'ended',
      endedAt: session.lastSampleAt ?? session.startedAt,
      endReason: 'browser closed',
    });
    ended += 1;
  }
  return ended;
}
