import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorMessage } from '../lib/labels';

export interface PolledState<T> {
  /** The last value received; kept while a later request fails. */
  value: T | null;
  error: string | null;
  /** Asks again now (after the popup changed something). */
  refresh: () => Promise<void>;
}

/**
 * Asks `request` every `intervalMs` while the component is mounted. Chained timeouts rather than
 * setInterval, so a slow answer never stacks requests. A failure keeps the last value and shows
 * `failurePrefix: reason`.
 */
export function usePolled<T>(request: () => Promise<T>, intervalMs: number, failurePrefix: string): PolledState<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fetchNow = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchValue = async () => {
      try {
        const next = await request();
        if (stopped) return;
        setValue(next);
        setError(null);
      } catch (failure) {
        if (!stopped) setError(`${failurePrefix}: ${errorMessage(failure)}`);
      }
    };
    const poll = async () => {
      await fetchValue();
      if (!stopped) timer = setTimeout(poll, intervalMs);
    };
    fetchNow.current = fetchValue;
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
    // `request` and `failurePrefix` are fixed per call site; restarting on identity changes would re-poll needlessly.
  }, [intervalMs]);

  const refresh = useCallback(() => fetchNow.current(), []);
  return { value, error, refresh };
}
