/**
 * The student's calibration (src/shared/calibration.ts): kept in storage.local (one per browser
 * profile, like the settings), learnt during the first minute of each session with analysis, or
 * during the minute after the student asks for it; forgotten on request.
 */
import browser from 'webextension-polyfill';
import { CalibrationWindow, calibrationFrameOf, isCalibration, type Calibration, type CalibrationStatus } from '../shared/calibration';
import type { FrameAnalysis } from '../shared/types';
import { isRecord } from '../shared/validate';

export const CALIBRATION_KEY = 'calibration';

interface StoredCalibration {
  calibration: Calibration;
  /** The session it was learnt in: that session does not learn again after a worker restart. */
  sessionId: string;
}

function readStored(value: unknown): StoredCalibration | null {
  if (!isRecord(value) || typeof value.sessionId !== 'string' || !isCalibration(value.calibration)) return null;
  return { calibration: value.calibration, sessionId: value.sessionId };
}


export class CalibrationKeeper {
  private stored: Promise<StoredCalibration | null> | null = null;
  private window: CalibrationWindow | null = null;
  /** The session whose calibration is done; null: the next session's (or frame's) minute learns. */
  private settledSession: string | null | undefined;

  private load(): Promise<StoredCalibration | null> {
    this.stored ??= browser.storage.local.get(CALIBRATION_KEY).then(
      (values) => readStored(values[CALIBRATION_KEY]),
      () => null,
    );
    return this.stored;
  }

  async current(): Promise<Calibration | null> {
    return (await this.load())?.calibration ?? null;
  }

  /** Feeds one analysed frame of a session; stores the calibration when its minute is over. */
  async observe(sessionId: string, time: number, analysis: FrameAnalysis): Promise<void> {
    if (this.settledSession === undefined) this.settledSession = (await this.load())?.sessionId ?? null;
    if (this.settledSession === sessionId) return;
    if (this.window?.sessionId !== sessionId) this.window = new CalibrationWindow(sessionId);
    const learnt = this.window.add(time, calibrationFrameOf(analysis));
    if (!learnt) return;
    const stored: StoredCalibration = { calibration: learnt, sessionId };
    await browser.storage.local.set({ [CALIBRATION_KEY]: stored });
    this.stored = Promise.resolve(stored);
    this.window = null;
    this.settledSession = sessionId;
  }

  /** "Calibrate": the next minute of analysis learns anew (the current calibration stays in use until then). */
  start(): void {
    this.window = null;
    this.settledSession = null;
  }

  /** Forgets the stored calibration; population defaults apply until a new one is learnt. */
  async reset(): Promise<void> {
    await browser.storage.local.remove(CALIBRATION_KEY);
    this.stored = Promise.resolve(null);
    this.start();
  }

  async status(): Promise<CalibrationStatus> {
    const window = this.window;
    return {
      calibration: await this.current(),
      learning: window ? { sessionId: window.sessionId, since: window.since, frames: window.frameCount } : null,
      pending: window === null && this.settledSession === null,
    };
  }
}
