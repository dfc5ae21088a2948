import { describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../src/shared/types';
import {
  backendNote,
  backendText,
  currentReading,
  DARK_FRAME_BRIGHTNESS,
  faceText,
  liveNotice,
  pillKind,
  UNKNOWN_REASON_TEXT,
} from '../../src/popup/lib/live-state';
import { isLiveStatus } from '../../src/popup/lib/live-status-guard';
import { NO_FACE } from '../helpers/records';

const PROBABILITIES = [0.02, 0.01, 0.03, 0.78, 0.04, 0.07, 0.05];

function analysingStatus(overrides: Partial<LiveStatus> = {}): LiveStatus {
  return {
    analysing: true,
    paused: false,
    camera: 'live',
    sessionId: 's1',
    tabId: 3,
    platform: 'meet',
    lastAnalysis: {
      faceFound: true,
      faceCount: 1,
      box: { x: 0.3, y: 0.2, width: 0.3, height: 0.4 },
      probabilities: PROBABILITIES,
      top: 'happy',
      valence: 'positive',
      unknownReason: null,
      brightness: 120,
      backend: 'webgpu',
      modelId: 'm',
      modelVersion: '1',
      inferenceMs: 10,
      time: 1,
    },
    secondsWithoutFace: 0,
    engine: { state: 'ready', backend: 'webgpu', message: null, modelId: 'm' },
    ...overrides,
  };
}

const noFace = (brightness: number) => ({ ...analysingStatus().lastAnalysis!, ...NO_FACE, brightness });

const notInClass = analysingStatus({
  analysing: false,
  camera: 'none',
  sessionId: null,
  tabId: null,
  platform: null,
  lastAnalysis: null,
  secondsWithoutFace: null,
});

describe('pillKind', () => {
  it('names each state', () => {
    expect(pillKind(null)).toBe('connecting');
    expect(pillKind(analysingStatus())).toBe('analysing');
    expect(pillKind(analysingStatus({ paused: true, analysing: false }))).toBe('paused');
    expect(pillKind(analysingStatus({ analysing: false, camera: 'off' }))).toBe('camera-off');
    expect(pillKind(notInClass)).toBe('not-in-class');
    expect(pillKind(analysingStatus({ engine: { state: 'error', backend: null, message: 'x', modelId: null } }))).toBe(
      'engine-error',
    );
  });

  it('puts the student’s pause before an engine error', () => {
    const status = analysingStatus({ paused: true, engine: { state: 'error', backend: null, message: 'x', modelId: null } });
    expect(pillKind(status)).toBe('paused');
  });
});

describe('liveNotice', () => {
  it('is quiet when a face is classified', () => {
    expect(liveNotice(analysingStatus())).toBeNull();
  });

  it('explains a denied camera in the agreed words', () => {
    const notice = liveNotice(analysingStatus({ analysing: false, camera: 'denied', lastAnalysis: null }));
    expect(notice?.text).toBe('Raut only reads the camera your class opens. Allow the camera in the class to start.');
  });

  it('covers camera off, no camera and not in a class', () => {
    expect(liveNotice(analysingStatus({ analysing: false, camera: 'off' }))?.text).toMatch(/camera is off/);
    expect(liveNotice(analysingStatus({ analysing: false, camera: 'error' }))?.text).toMatch(/No camera found/);
    expect(liveNotice(notInClass)?.text).toMatch(/Open your class/);
  });

  it('passes the engine’s message on and says how to repair', () => {
    const notice = liveNotice(
      analysingStatus({ engine: { state: 'error', backend: null, message: 'emotion.json missing', modelId: null } }),
    );
    expect(notice?.tone).toBe('error');
    expect(notice?.text).toContain('emotion.json missing');
    expect(notice?.text).toMatch(/reinstall/i);
  });

  it('calls a faceless dark frame too dark, and a faceless bright one just faceless', () => {
    expect(liveNotice(analysingStatus({ lastAnalysis: noFace(DARK_FRAME_BRIGHTNESS - 1) }))?.text).toMatch(/too dark/);
    expect(liveNotice(analysingStatus({ lastAnalysis: noFace(DARK_FRAME_BRIGHTNESS) }))?.text).toMatch(/No face in view/);
  });

  it('explains every quality gate', () => {
    for (const reason of Object.keys(UNKNOWN_REASON_TEXT) as (keyof typeof UNKNOWN_REASON_TEXT)[]) {
      const lastAnalysis = { ...analysingStatus().lastAnalysis!, top: null, probabilities: null, unknownReason: reason };
      expect(liveNotice(analysingStatus({ lastAnalysis }))?.text).toBe(UNKNOWN_REASON_TEXT[reason]);
    }
  });
});

describe('faceText', () => {
  it('counts seconds without a face once they add up', () => {
    expect(faceText(analysingStatus({ lastAnalysis: noFace(100), secondsWithoutFace: 1 }))).toBe('No face in view');
    expect(faceText(analysingStatus({ lastAnalysis: noFace(100), secondsWithoutFace: 12.7 }))).toBe('No face for 12 s');
  });

  it('says when several faces are seen', () => {
    const lastAnalysis = { ...analysingStatus().lastAnalysis!, faceCount: 2 };
    expect(faceText(analysingStatus({ lastAnalysis }))).toBe('2 faces: using the largest');
  });

  it('shows nothing while not analysing', () => {
    expect(faceText(analysingStatus({ analysing: false, paused: true }))).toBe('—');
    expect(faceText(null)).toBe('—');
  });
});

describe('currentReading', () => {
  it('reads the top class and its probability', () => {
    expect(currentReading(analysingStatus())).toEqual({ expression: 'happy', probability: 0.78, probabilities: PROBABILITIES });
  });

  it('has no reading while paused', () => {
    expect(currentReading(analysingStatus({ analysing: false, paused: true }))).toBeNull();
  });
});

describe('backend', () => {
  it('names the backend and shows a fallback remark, but not an error as a remark', () => {
    const engine = { state: 'ready' as const, backend: 'wasm' as const, message: 'WebGPU missing', modelId: 'm' };
    expect(backendText(engine)).toBe('WebAssembly');
    expect(backendNote(engine)).toBe('WebGPU missing');
    expect(backendNote({ ...engine, state: 'error', backend: null })).toBeNull();
    expect(backendText({ ...engine, state: 'loading', backend: null })).toBe('Starting…');
  });
});

describe('isLiveStatus', () => {
  it('accepts the background’s status, with extra fields', () => {
    expect(isLiveStatus({ ...analysingStatus(), droppedMessages: 0 })).toBe(true);
    expect(isLiveStatus(notInClass)).toBe(true);
  });

  it('refuses malformed replies', () => {
    expect(isLiveStatus(undefined)).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), camera: 'on' })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), engine: { state: 'ready', backend: 'metal', message: null } })).toBe(false);
    const lastAnalysis = { ...analysingStatus().lastAnalysis!, top: 'bored' };
    expect(isLiveStatus({ ...analysingStatus(), lastAnalysis })).toBe(false);
    const shortProbabilities = { ...analysingStatus().lastAnalysis!, probabilities: [1] };
    expect(isLiveStatus({ ...analysingStatus(), lastAnalysis: shortProbabilities })).toBe(false);
  });
});
