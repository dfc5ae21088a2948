import { useEffect, useState } from 'preact/hooks';
import { errorMessage } from '../lib/labels';
import { loadSessionDetail, type SessionDetail } from '../lib/sessions';

export interface SessionDetailState {
  /** undefined while the first load runs; null when the session does not exist. */
  detail: SessionDetail | null | undefined;
  error: string | null;
}

interface Loaded {
  sessionId: string;
  detail: SessionDetail | null;
}

/**
 * Loads a session and its samples, again whenever `revision` changes, and every `refreshMs`
 * while `refreshMs` is set (an active session keeps growing).
 */
export function useSessionDetail(sessionId: string, revision: number, refreshMs: number | null): SessionDetailState {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const detail = await loadSessionDetail(sessionId);
        if (stopped) return;
        setLoaded({ sessionId, detail });
        setError(null);
      } catch (failure) {
        if (!stopped) setError(`This session could not be read: ${errorMessage(failure)}`);
      }
      if (!stopped && refreshMs !== null) timer = setTimeout(load, refreshMs);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sessionId, revision, refreshMs]);

  // A detail loaded for another session is never shown for this one.
  return { detail: loaded?.sessionId === sessionId ? loaded.detail : undefined, error };
}
