/**
 * What the popup says about the live state. Pure functions of LiveStatus and a translator, so
 * every state has one wording and can be unit-tested without a browser.
 */
import { hasEngagementCues, type EngagementCues } from '../../shared/engagement';
import { localize, type MessageKey, type Translate } from '../../shared/i18n';
import type { Format } from '../../shared/i18n-format';
import { BACKEND_LABELS, INTEREST_KEYS, LEVEL_KEYS } from '../../shared/i18n-labels';
import { EXPRESSIONS, type Expression } from '../../shared/taxonomy';
import type { EngineStatus, LiveStatus, UnknownReason } from '../../shared/types';

export type PillKind = 'connecting' | 'analysing' | 'paused' | 'camera-off' | 'not-in-class' | 'engine-error';

export const PILL_KEYS: Record<PillKind, MessageKey> = {
  connecting: 'pill_connecting',
  analysing: 'pill_analysing',
  paused: 'pill_paused',
  'camera-off': 'pill_cameraOff',
  'not-in-class': 'pill_notInClass',
  'engine-error': 'pill_engineError',
};

/** Mean frame brightness (0..255) under which a frame without a face is called too dark. */
export const DARK_FRAME_BRIGHTNESS = 40;

/** Below this, a missing face is a blink or a glance away, not worth a counter. */
const NO_FACE_COUNTER_FROM_S = 2;

export function isInClass(status: LiveStatus): boolean {
  return status.tabId !== null || status.platform !== null || status.sessionId !== null;
}

export function pillKind(status: LiveStatus | null): PillKind {
  if (status === null) return 'connecting';
  if (status.paused) return 'paused';
  if (status.engine.state === 'error') return 'engine-error';
  if (status.analysing) return 'analysing';
  if (!isInClass(status)) return 'not-in-class';
  return 'camera-off';
}

/** What to do about each quality gate, for the live notice. */
export const UNKNOWN_REASON_ADVICE_KEYS: Record<UnknownReason, MessageKey> = {
  'too-dark': 'unknown_tooDark',
  overexposed: 'unknown_overexposed',
  'too-blurred': 'unknown_tooBlurred',
  'face-too-small': 'unknown_faceTooSmall',
  'face-cut': 'unknown_faceCut',
};

export type NoticeTone = 'info' | 'warning' | 'error';

export interface LiveNotice {
  tone: NoticeTone;
  text: string;
}

function cameraNotice(camera: LiveStatus['camera'], t: Translate): LiveNotice | null {
  switch (camera) {
    case 'denied':
      return { tone: 'warning', text: t('notice_cameraDenied') };
    case 'error':
      return { tone: 'warning', text: t('notice_cameraError') };
    case 'off':
    case 'ended':
      return { tone: 'info', text: t('notice_cameraOff') };
    case 'none':
      return { tone: 'info', text: t('notice_waitingCamera') };
    case 'live':
      return null;
  }
}

/** The engine's reason (from the offscreen document), in the popup's language; a technical detail stays as it is. */
function engineErrorNotice(engine: EngineStatus, t: Translate): LiveNotice {
  return { tone: 'error', text: t('notice_engineError', { reason: engine.message ? localize(engine.message, t) : t('notice_noReason') }) };
}

function frameNotice(analysis: NonNullable<LiveStatus['lastAnalysis']>, t: Translate): LiveNotice | null {
  if (!analysis.faceFound) {
    return analysis.brightness < DARK_FRAME_BRIGHTNESS
      ? { tone: 'warning', text: t('notice_tooDarkForFace') }
      : { tone: 'info', text: t('notice_noFace') };
  }
  if (analysis.unknownReason !== null) return { tone: 'warning', text: t(UNKNOWN_REASON_ADVICE_KEYS[analysis.unknownReason]) };
  return null;
}

/** The one message that explains the current state; null when all is well. */
export function liveNotice(status: LiveStatus, t: Translate): LiveNotice | null {
  if (status.paused) return { tone: 'info', text: t('notice_paused') };
  if (status.engine.state === 'error') return engineErrorNotice(status.engine, t);
  if (!isInClass(status)) return { tone: 'info', text: t('notice_notInClass') };
  const camera = cameraNotice(status.camera, t);
  if (camera !== null) return camera;
  if (status.engine.state === 'loading') return { tone: 'info', text: t('notice_loadingModel') };
  if (!status.analysing) return { tone: 'info', text: t('notice_startingSoon') };
  if (status.lastAnalysis === null) return { tone: 'info', text: t('notice_firstFrame') };
  return frameNotice(status.lastAnalysis, t);
}

export interface LiveReading {
  expression: Expression;
  /** Probability of the top class, 0..1. */
  probability: number;
  /** 7 probabilities in taxonomy order. */
  probabilities: number[];
}

/** The classified expression of the latest frame, only while Raut is analysing. */
export function currentReading(status: LiveStatus | null): LiveReading | null {
  const analysis = status?.analysing ? status.lastAnalysis : null;
  if (!analysis || analysis.top === null || analysis.probabilities === null) return null;
  const probabilities = analysis.probabilities;
  return { expression: analysis.top, probability: probabilities[EXPRESSIONS.indexOf(analysis.top)] ?? 0, probabilities };
}

export function faceText(status: LiveStatus | null, t: Translate): string {
  const analysis = status?.analysing ? status.lastAnalysis : null;
  if (!status || !analysis) return '—';
  if (!analysis.faceFound) {
    const seconds = Math.floor(status.secondsWithoutFace ?? 0);
    return seconds >= NO_FACE_COUNTER_FROM_S ? t('face_noFaceFor', { seconds }) : t('face_noFace');
  }
  if (analysis.faceCount > 1) return t('face_several', { count: analysis.faceCount });
  return t('face_inView');
}

export function backendText(engine: EngineStatus | null, t: Translate): string {
  if (engine === null) return '—';
  if (engine.backend !== null) {
    const backend = BACKEND_LABELS[engine.backend];
    return engine.detector === null ? backend : t('backend_withDetector', { backend, device: engine.detector });
  }
  if (engine.state === 'loading') return t('backend_starting');
  return t(engine.state === 'error' ? 'backend_none' : 'backend_notStarted');
}

/** The loading step or a fallback, worth showing next to the backend; errors have their own notice. */
export function backendNote(engine: EngineStatus | null, t: Translate): string | null {
  return engine && engine.state !== 'error' && engine.message ? localize(engine.message, t) : null;
}

/** The engagement cues of the latest frame, only while Raut is analysing. */
export function currentEngagement(status: LiveStatus | null): EngagementCues | null {
  const analysis = status?.analysing ? status.lastAnalysis : null;
  return analysis && hasEngagementCues(analysis.engagement) ? analysis.engagement : null;
}

export function interestText(cues: EngagementCues | null, t: Translate): string {
  return cues ? t(INTEREST_KEYS[cues.interest]) : '—';
}

/** "Nominally engaged · 40%"; '—' when the frame has no concentration index (no face, or no expression read). */
export function concentrationText(cues: EngagementCues | null, t: Translate, format: Pick<Format, 'percent'>): string {
  if (!cues?.level || cues.concentrationIndex === undefined) return '—';
  return t('live_concentrationValue', { level: t(LEVEL_KEYS[cues.level]), index: format.percent(cues.concentrationIndex * 100, 0) });
}

export function headText(cues: EngagementCues | null, t: Translate): string {
  if (cues?.facing === undefined) return '—';
  return t(cues.facing ? 'head_facing' : 'head_turned');
}

/** Eyes are measured only while the head faces the screen; a face without that reading says so. */
export function eyesText(cues: EngagementCues | null, t: Translate): string {
  if (cues === null || cues.facing === undefined) return '—';
  if (cues.eyesOpen === undefined) return t('eyes_notMeasured');
  return t(cues.eyesOpen ? 'eyes_open' : 'eyes_closed');
}

/** Gaze is read only on open eyes large enough in the frame (docs/engagement.md); otherwise it is not measured. */
export function gazeText(cues: EngagementCues | null, t: Translate): string {
  if (cues === null || cues.facing === undefined) return '—';
  if (cues.gazeCentred === undefined) return t('eyes_notMeasured');
  return t(cues.gazeCentred ? 'gaze_onScreen' : 'gaze_away');
}
