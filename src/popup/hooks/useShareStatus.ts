import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ShareStatus } from '../../shared/sharing';
import { SHARE_POLL_MS } from '../lib/share';
import { requestShareStatus } from '../lib/share-client';
import { errorMessage } from '../lib/labels';

export interface ShareStatusState {
  /** The last status received; kept while a later request fails. */
  status: ShareStatus | null;
  error: string | null;
  /** Asks again now (after the tab joined or stopped something). */
  refresh: () => Promise<void>;
}

/** Polls share-status every `intervalMs` while the Share tab is open (chained timeouts: never stacks requests). */
export function useShareStatus(intervalMs = SHARE_POLL_MS): ShareStatusState {
  const [status, setStatus] = useState<ShareStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchNow = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchStatus = async () => {
      try {
        const next = await requestShareStatus();
        if (stopped) return;
        setStatus(next);
        setError(null);
      } catch (failure) {
        if (!stopped) setError(`Could not read the sharing status: ${errorMessage(failure)}`);
      }
    };
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

  const refresh = useCallback(() => fetchNow.current(), []);
  return { status, error, refresh };
}
