import type { CalibrationStatus } from '../../shared/calibration';
import { requestCalibrationStatus } from '../lib/calibration-client';
import { usePolled } from './usePolled';

export interface CalibrationState {
  status: CalibrationStatus | null;
  error: string | null;
  refresh: () => Promise<void>;
}

/** Polls calibration-status while the view is open: a calibration minute shows its progress. */
export function useCalibration(intervalMs = 2000): CalibrationState {
  const { value, error, refresh } = usePolled(requestCalibrationStatus, intervalMs, (t, reason) => t('calibration_failed', { reason }));
  return { status: value, error, refresh };
}
