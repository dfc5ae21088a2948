import { useEffect, useState } from 'preact/hooks';
import { describeError } from '../../shared/i18n';
import { useLocalizer } from '../localizer';
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
  const [failure, setFailure] = useState<unknown>(null);
  const { t } = useLocalizer();

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const detail = await loadSessionDetail(sessionId);
        if (stopped) return;
        setLoaded({ sessionId, detail });
        setFailure(null);
      } catch (failure) {
        if (!stopped) setFailure(failure ?? new Error());
      }
      if (!stopped && refreshMs !== null) timer = setTimeout(load, refreshMs);
    };
    void load();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [sessionId, revision, refreshMs]);

  const error = failure === null ? null : t('session_readFailed', { reason: describeError(failure, t) });
  // A detail loaded for another session is never shown for this one.
  return { detail: loaded?.sessionId === sessionId ? loaded.detail : undefined, error };
}
