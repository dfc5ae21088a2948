import { useEffect, useState } from 'preact/hooks';
import { getSamples, listSessions } from '../../shared/storage';
import { summarizeSession, type SessionSummary } from '../../shared/summary';
import type { SessionRecord } from '../../shared/types';
import { getSettledDb } from '../lib/db';
import { describeError } from '../../shared/i18n';
import { useLocalizer } from '../localizer';

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
  const [failure, setFailure] = useState<unknown>(null);
  const { t } = useLocalizer();

  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const db = await getSettledDb();
        const list = await listSessions(db);
        if (stopped) return;
        setSessions(list);
        setFailure(null);
        // One session at a time, so the newest (visible) rows fill in first and an open popup stays responsive.
        for (const session of list) {
          const summary = summarizeSession(session, await getSamples(db, session.id));
          if (stopped) return;
          setSummaries((previous) => new Map(previous).set(session.id, summary));
        }
      } catch (failure) {
        if (!stopped) setFailure(failure ?? new Error());
      }
    };
    void load();
    return () => {
      stopped = true;
    };
  }, [revision]);

  const error = failure === null ? null : t('history_readFailed', { reason: describeError(failure, t) });
  return { sessions, summaries, error };
}
