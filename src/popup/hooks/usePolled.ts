import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { describeError, type Translate } from '../../shared/i18n';
import { useLocalizer } from '../localizer';

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
 * `describeFailure(reason)` in the page's language.
 */
export function usePolled<T>(
  request: () => Promise<T>,
  intervalMs: number,
  describeFailure: (t: Translate, reason: string) => string,
): PolledState<T> {
  const { t } = useLocalizer();
  const [failure, setFailure] = useState<unknown>(null);
  const [value, setValue] = useState<T | null>(null);
  const fetchNow = useRef<() => Promise<void>>(async () => {});

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fetchValue = async () => {
      try {
        const next = await request();
        if (stopped) return;
        setValue(next);
        setFailure(null);
      } catch (failure) {
        if (!stopped) setFailure(failure ?? new Error());
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
    // `request` and `describeFailure` are fixed per call site; restarting on identity changes would re-poll needlessly.
  }, [intervalMs]);

  const refresh = useCallback(() => fetchNow.current(), []);
  // Described at render time, so a language switch re-words a standing error too.
  const error = failure === null ? null : describeFailure(t, describeError(failure, t));
  return { value, error, refresh };
}
