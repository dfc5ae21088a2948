import type { LiveStatus } from '../../shared/types';
import { requestLiveStatus } from '../lib/background';
import { usePolled } from './usePolled';

export interface LiveStatusState {
  /** The last status received; kept while a later request fails. */
  status: LiveStatus | null;
  error: string | null;
  /** Asks again now (after the popup changed something). */
  refresh: () => Promise<void>;
}

/** Polls the background for the live status every `intervalMs` while the popup is open. */
export function useLiveStatus(intervalMs = 1000): LiveStatusState {
  const { value, error, refresh } = usePolled(requestLiveStatus, intervalMs, (t, reason) => t('error_background', { reason }));
  return { status: value, error, refresh };
}
