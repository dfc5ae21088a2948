import type { ShareStatus } from '../../shared/sharing';
import { SHARE_POLL_MS } from '../lib/share';
import { requestShareStatus } from '../lib/share-client';
import { usePolled } from './usePolled';

export interface ShareStatusState {
  /** The last status received; kept while a later request fails. */
  status: ShareStatus | null;
  error: string | null;
  /** Asks again now (after the tab joined or stopped something). */
  refresh: () => Promise<void>;
}

/** Polls share-status every `intervalMs` while the Share tab is open. */
export function useShareStatus(intervalMs = SHARE_POLL_MS): ShareStatusState {
  const { value, error, refresh } = usePolled(requestShareStatus, intervalMs, (t, reason) => t('share_statusFailed', { reason }));
  return { status: value, error, refresh };
}
