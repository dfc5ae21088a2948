import { useCallback, useState } from 'preact/hooks';
import { errorMessage } from '../lib/labels';

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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (task: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (failure) {
      setError(errorMessage(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, setError };
}
