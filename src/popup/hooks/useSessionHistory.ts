import { useEffect, useState } from 'preact/hooks';
import { getSamples, listSessions } from '../../shared/storage';
import { summarizeSession, type SessionSummary } from '../../shared/summary';
import type { SessionRecord } from '../../shared/types';
import { getDb } from '../lib/db';
import { errorMessage } from '../lib/labels';

export interface SessionHistoryState {
  /** undefined while loading. */
  sessions: SessionRecord[] | undefined;
  /** Summaries arrive one by one after the list, newest first. */
  summaries: ReadonlyMap<string, SessionSummary>;
  error: string | null;
}

export function useSessionHistory(revision: number): SessionHistoryState {
  const [sessions, setSessions] = useState<SessionRecord[] | undefined>(undefined);
  const [summaries, setSummaries] = useState<ReadonlyMap<string, SessionSummary>>(new Map());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const db = await getDb();
        const list = await listSessions(db);
        if (stopped) return;
        setSessions(list);
        setError(null);
        // One session at a time, so the newest (visible) rows fill in first and an open popup stays responsive.
        for (const session of list) {
          const summary = summarizeSession(session, await getSamples(db, session.id));
          if (stopped) return;
          setSummaries((previous) => new Map(previous).set(session.id, summary));
        }
      } catch (failure) {
        if (!stopped) setError(`Your sessions could not be read: ${errorMessage(failure)}`);
      }
    };
    void load();
    return () => {
      stopped = true;
    };
  }, [revision]);

  return { sessions, summaries, error };
}
