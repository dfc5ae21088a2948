/** The popup's side of the calibration-* messages (channel 4): each answer is checked before it is shown. */
import browser from 'webextension-polyfill';
import { isCalibrationStatus, type CalibrationStatus } from '../../shared/calibration';
import { localizedError } from '../../shared/i18n';
import type { PopupToBackground } from '../../shared/messages';

type CalibrationMessage = Extract<PopupToBackground, { type: `calibration-${string}` }>;

async function ask(message: CalibrationMessage): Promise<CalibrationStatus> {
  const reply: unknown = await browser.runtime.sendMessage(message);
  if (!isCalibrationStatus(reply)) throw localizedError('error_noCalibration');
  return reply;
}

export const requestCalibrationStatus = () => ask({ type: 'calibration-status' });
/** "Calibrate": the next minute of analysis learns the student's resting pose anew. */
export const startCalibration = () => ask({ type: 'calibration-start' });
/** Forgets the stored calibration; the population defaults apply until the next one. */
export const resetCalibration = () => ask({ type: 'calibration-reset' });
