import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { LiveStatus } from '../../shared/types';
import { requestLiveStatus } from '../lib/background';
import { errorMessage } from '../lib/labels';

export interface LiveStatusState {
  /** The last status received; kept while a later request fails. */
  status: LiveStatus | null;
  error: string | null;
  /** Asks again now (after the popup changed something). */
  refresh: () => void;
}

/** Polls the background for the live status every `intervalMs` while the popup is open. */
export function useLiveStatus(intervalMs = 1000): LiveStatusState {
  const [status, setStatus] = useState<LiveStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchNow = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchStatus = async () => {
      try {
        const next = await requestLiveStatus();
        if (stopped) return;
        setStatus(next);
        setError(null);
      } catch (failure) {
        if (!stopped) setError(`Raut’s background is not answering: ${errorMessage(failure)}`);
      }
    };
    // Chained timeouts rather than setInterval, so a slow answer never stacks requests.
    const poll = async () => {
      await fetchStatus();
      if (!stopped) timer = setTimeout(poll, intervalMs);
    };
    fetchNow.current = fetchStatus;
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [intervalMs]);

  const refresh = useCallback(() => void fetchNow.current(), []);
  return { status, error, refresh };
}
