/**
 * What the popup says about the live state. Pure functions of LiveStatus, so every state has
 * one wording and can be unit-tested without a browser.
 */
import { EXPRESSIONS, type Expression } from '../../shared/taxonomy';
import type { EngineStatus, LiveStatus, UnknownReason } from '../../shared/types';
import { BACKEND_LABELS } from './labels';

export type PillKind = 'connecting' | 'analysing' | 'paused' | 'camera-off' | 'not-in-class' | 'engine-error';

export const PILL_LABELS: Record<PillKind, string> = {
  connecting: 'Connecting…',
  analysing: 'Analysing',
  paused: 'Paused',
  'camera-off': 'Camera off',
  'not-in-class': 'Not in a class',
  'engine-error': 'Engine error',
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

export const UNKNOWN_REASON_TEXT: Record<UnknownReason, string> = {
  'too-dark': 'Your face is too dark to read. Add some light in front of you.',
  overexposed: 'Your face is too bright to read. Move out of direct light or away from a bright window.',
  'too-blurred': 'The picture is blurred. Hold still for a moment, or clean the camera lens.',
  'face-too-small': 'Your face is too small in the picture. Move a little closer to the camera.',
  'face-cut': 'Part of your face is outside the picture. Move towards the middle of the camera view.',
};

export type NoticeTone = 'info' | 'warning' | 'error';

export interface LiveNotice {
  tone: NoticeTone;
  text: string;
}

const NOT_IN_CLASS_TEXT =
  'Open your class in Google Meet, Zoom on the web, BigBlueButton or the demo class. ' +
  'Raut starts by itself when the class turns your camera on.';

function cameraNotice(camera: LiveStatus['camera']): LiveNotice | null {
  switch (camera) {
    case 'denied':
      return {
        tone: 'warning',
        text: 'Raut only reads the camera your class opens. Allow the camera in the class to start.',
      };
    case 'error':
      return {
        tone: 'warning',
        text: 'No camera found, or it could not start. Check that one is connected and not in use by another app.',
      };
    case 'off':
    case 'ended':
      return {
        tone: 'info',
        text: 'Your camera is off in the class. Raut analyses only while your class camera is on.',
      };
    case 'none':
      return { tone: 'info', text: 'Waiting for the class to open your camera.' };
    case 'live':
      return null;
  }
}

function engineErrorNotice(engine: EngineStatus): LiveNotice {
  const reason = engine.message ?? 'no reason given';
  return {
    tone: 'error',
    text:
      `The analysis engine stopped: ${reason}. Reinstalling Raut (or rebuilding it with "npm run build") ` +
      'restores missing or damaged model files.',
  };
}

function frameNotice(analysis: NonNullable<LiveStatus['lastAnalysis']>): LiveNotice | null {
  if (!analysis.faceFound) {
    return analysis.brightness < DARK_FRAME_BRIGHTNESS
      ? { tone: 'warning', text: 'The picture is too dark to find a face. Turn on a light or face a window.' }
      : { tone: 'info', text: 'No face in view. Sit so that the camera can see your face.' };
  }
  if (analysis.unknownReason !== null) return { tone: 'warning', text: UNKNOWN_REASON_TEXT[analysis.unknownReason] };
  return null;
}

/** The one message that explains the current state; null when all is well. */
export function liveNotice(status: LiveStatus): LiveNotice | null {
  if (status.paused) return { tone: 'info', text: 'Paused. Raut analyses nothing until you resume.' };
  if (status.engine.state === 'error') return engineErrorNotice(status.engine);
  if (!isInClass(status)) return { tone: 'info', text: NOT_IN_CLASS_TEXT };
  const camera = cameraNotice(status.camera);
  if (camera !== null) return camera;
  if (status.engine.state === 'loading') return { tone: 'info', text: 'Loading the expression model…' };
  if (!status.analysing) return { tone: 'info', text: 'Your camera is on. Raut will start analysing in a moment.' };
  if (status.lastAnalysis === null) return { tone: 'info', text: 'Waiting for the first frame…' };
  return frameNotice(status.lastAnalysis);
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

export function faceText(status: LiveStatus | null): string {
  const analysis = status?.analysing ? status.lastAnalysis : null;
  if (!status || !analysis) return '—';
  if (!analysis.faceFound) {
    const seconds = Math.floor(status.secondsWithoutFace ?? 0);
    return seconds >= NO_FACE_COUNTER_FROM_S ? `No face for ${seconds} s` : 'No face in view';
  }
  if (analysis.faceCount > 1) return `${analysis.faceCount} faces: using the largest`;
  return 'Face in view';
}

export function backendText(engine: EngineStatus | null): string {
  if (engine === null) return '—';
  if (engine.backend !== null) return BACKEND_LABELS[engine.backend];
  if (engine.state === 'loading') return 'Starting…';
  return engine.state === 'error' ? 'None (engine error)' : 'Not started';
}

/** A fallback or other engine remark worth showing next to the backend; errors have their own notice. */
export function backendNote(engine: EngineStatus | null): string | null {
  return engine && engine.state !== 'error' ? engine.message : null;
}
