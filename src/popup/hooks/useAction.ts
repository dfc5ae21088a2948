import { useCallback, useState } from 'preact/hooks';
import { describeError } from '../../shared/i18n';
import { useLocalizer } from '../localizer';

export interface Action {
  busy: boolean;
  error: string | null;
  /**
   * Runs a task, keeping `busy` set meanwhile; a failure becomes `error` instead of being thrown.
   * Resolves true when the task succeeded.
   */
  run: (task: () => Promise<unknown>) => Promise<boolean>;
  setError: (message: string | null) => void;
}

export function useAction(): Action {
  const { t } = useLocalizer();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (task: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (failure) {
      setError(describeError(failure, t));
      return false;
    } finally {
      setBusy(false);
    }
  }, [t]);
  return { busy, error, run, setError };
}
