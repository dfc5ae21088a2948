import { useCallback, useEffect, useState } from 'preact/hooks';
import { acknowledgeFirstRun, hasAcknowledgedFirstRun } from '../lib/first-run';

export type FirstRunState = 'checking' | 'welcome' | 'done';

export function useFirstRun(): { state: FirstRunState; acknowledge: () => Promise<void> } {
  const [state, setState] = useState<FirstRunState>('checking');
  useEffect(() => {
    // When storage cannot be read, show the welcome (and its privacy notes) rather than skip it.
    hasAcknowledgedFirstRun().then(
      (acknowledged) => setState(acknowledged ? 'done' : 'welcome'),
      () => setState('welcome'),
    );
  }, []);
  const acknowledge = useCallback(async () => {
    await acknowledgeFirstRun();
    setState('done');
  }, []);
  return { state, acknowledge };
}
