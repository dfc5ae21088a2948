import { describe, expect, it } from 'vitest';
import type { LiveStatus } from '../../src/shared/types';
import {
  backendNote,
  backendText,
  concentrationText,
  currentEngagement,
  currentReading,
  eyesText,
  gazeText,
  DARK_FRAME_BRIGHTNESS,
  faceText,
  headText,
  interestText,
  liveNotice,
  pillKind,
  UNKNOWN_REASON_ADVICE_KEYS,
} from '../../src/popup/lib/live-state';
import { isLiveStatus } from '../../src/popup/lib/live-status-guard';
import { localizedText } from '../../src/shared/i18n';
import { NO_POLICY } from '../../src/shared/policy';
import { localizerFor } from '../helpers/i18n';
import { NO_FACE } from '../helpers/records';

const en = localizerFor('en');
const { t } = en;
const id = localizerFor('id');

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
      engagement: { interest: 'interested', yaw: 2, pitch: -4, roll: 1, facing: true, gazeWeight: 5, concentrationIndex: 0.667, level: 'highly-engaged' },
      backend: 'webgpu',
      modelId: 'm',
      modelVersion: '1',
      inferenceMs: 10,
      time: 1,
    },
    secondsWithoutFace: 0,
    engine: { state: 'ready', backend: 'webgpu', detector: 'CPU', message: null, modelId: 'm' },
    policy: { ...NO_POLICY },
    policyProblems: [],
    attentionOnly: false,
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
    expect(pillKind(analysingStatus({ engine: { state: 'error', backend: null, detector: null, message: 'x', modelId: null } }))).toBe(
      'engine-error',
    );
  });

  it('puts the student’s pause before an engine error', () => {
    const status = analysingStatus({ paused: true, engine: { state: 'error', backend: null, detector: null, message: 'x', modelId: null } });
    expect(pillKind(status)).toBe('paused');
  });
});

describe('liveNotice', () => {
  it('is quiet when a face is classified', () => {
    expect(liveNotice(analysingStatus(), t)).toBeNull();
  });

  it('explains a denied camera in the agreed words, in both languages', () => {
    const denied = analysingStatus({ analysing: false, camera: 'denied', lastAnalysis: null });
    expect(liveNotice(denied, t)?.text).toBe('Raut only reads the camera your class opens. Allow the camera in the class to start.');
    expect(liveNotice(denied, id.t)?.text).toBe('Raut hanya membaca kamera yang dibuka oleh kelas Anda. Izinkan kamera di kelas untuk memulai.');
  });

  it('covers camera off, no camera and not in a class', () => {
    expect(liveNotice(analysingStatus({ analysing: false, camera: 'off' }), t)?.text).toMatch(/camera is off/);
    expect(liveNotice(analysingStatus({ analysing: false, camera: 'error' }), t)?.text).toMatch(/No camera found/);
    expect(liveNotice(notInClass, t)?.text).toMatch(/Open your class/);
  });

  it('passes the engine’s message on and says how to repair', () => {
    const notice = liveNotice(
      analysingStatus({ engine: { state: 'error', backend: null, detector: null, message: 'emotion.json missing', modelId: null } }),
      t,
    );
    expect(notice?.tone).toBe('error');
    expect(notice?.text).toContain('emotion.json missing');
    expect(notice?.text).toMatch(/reinstall/i);
  });

  it('words the engine’s own reason in the popup’s language, keeping the technical detail', () => {
    const message = localizedText('engine_expressionModelMissing', { model: 'human-emotion', reason: 'HTTP 404' });
    const status = analysingStatus({ engine: { state: 'error', backend: null, detector: null, message, modelId: null } });
    expect(liveNotice(status, t)?.text).toBe(
      'The analysis engine stopped: expression model "human-emotion" could not be loaded (HTTP 404). Reinstalling Raut (or rebuilding it with "npm run build") restores missing or damaged model files.',
    );
    expect(liveNotice(status, id.t)?.text).toMatch(/^Mesin analisis berhenti: model ekspresi "human-emotion" tidak dapat dimuat \(HTTP 404\)\. /);
  });

  it('calls a faceless dark frame too dark, and a faceless bright one just faceless', () => {
    expect(liveNotice(analysingStatus({ lastAnalysis: noFace(DARK_FRAME_BRIGHTNESS - 1) }), t)?.text).toMatch(/too dark/);
    expect(liveNotice(analysingStatus({ lastAnalysis: noFace(DARK_FRAME_BRIGHTNESS) }), t)?.text).toMatch(/No face in view/);
  });

  it('explains every quality gate', () => {
    for (const reason of Object.keys(UNKNOWN_REASON_ADVICE_KEYS) as (keyof typeof UNKNOWN_REASON_ADVICE_KEYS)[]) {
      const lastAnalysis = { ...analysingStatus().lastAnalysis!, top: null, probabilities: null, unknownReason: reason };
      expect(liveNotice(analysingStatus({ lastAnalysis }), t)?.text).toBe(t(UNKNOWN_REASON_ADVICE_KEYS[reason]));
      expect(liveNotice(analysingStatus({ lastAnalysis }), id.t)?.text).toBe(id.t(UNKNOWN_REASON_ADVICE_KEYS[reason]));
    }
  });
});

describe('faceText', () => {
  it('counts seconds without a face once they add up', () => {
    expect(faceText(analysingStatus({ lastAnalysis: noFace(100), secondsWithoutFace: 1 }), t)).toBe('No face in view');
    expect(faceText(analysingStatus({ lastAnalysis: noFace(100), secondsWithoutFace: 12.7 }), t)).toBe('No face for 12 s');
    expect(faceText(analysingStatus({ lastAnalysis: noFace(100), secondsWithoutFace: 12.7 }), id.t)).toBe('Wajah tak terlihat 12 dtk');
  });

  it('says when several faces are seen', () => {
    const lastAnalysis = { ...analysingStatus().lastAnalysis!, faceCount: 2 };
    expect(faceText(analysingStatus({ lastAnalysis }), t)).toBe('2 faces: using the largest');
  });

  it('shows nothing while not analysing', () => {
    expect(faceText(analysingStatus({ analysing: false, paused: true }), t)).toBe('—');
    expect(faceText(null, t)).toBe('—');
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
    const engine = { state: 'ready' as const, backend: 'wasm' as const, detector: 'CPU' as const, message: 'WebGPU missing', modelId: 'm' };
    expect(backendText(engine, t)).toBe('WebAssembly · face detector on CPU');
    expect(backendText({ ...engine, backend: 'webgpu', detector: 'GPU' }, id.t)).toBe('WebGPU · pendeteksi wajah di GPU');
    expect(backendNote(engine, t)).toBe('WebGPU missing');
    expect(backendNote({ ...engine, state: 'error', backend: null, detector: null }, t)).toBeNull();
    expect(backendNote({ ...engine, message: null }, t)).toBeNull();
    expect(backendText({ ...engine, state: 'loading', backend: null, detector: null }, t)).toBe('Starting…');
  });

  it('words the loading step and every fallback reason in the popup’s language', () => {
    const loading = { state: 'loading' as const, backend: null, detector: null, message: localizedText('engine_loadingEyeModel', { backend: 'wasm' }), modelId: 'm' };
    expect(backendNote(loading, t)).toBe('Loading the eye model (wasm)…');
    expect(backendNote(loading, id.t)).toBe('Memuat model mata (wasm)…');
    const reasons = [
      localizedText('backendFallback_reason', { backend: 'webgpu', reason: localizedText('backendFallback_noAdapter') }),
      localizedText('backendFallback_reason', { backend: 'webgl', reason: 'context lost' }),
      localizedText('detectorFallback_gpu', { reason: 'shader failed' }),
    ];
    const fellBack = { state: 'ready' as const, backend: 'wasm' as const, detector: 'CPU' as const, message: localizedText('engine_fellBack', { reasons }), modelId: 'm' };
    expect(backendNote(fellBack, t)).toBe(
      'Fell back to another backend: webgpu: no WebGPU adapter (no compatible GPU or driver); webgl: context lost; face detector on the GPU: shader failed, so it runs on the CPU',
    );
    expect(backendNote(fellBack, id.t)).toBe(
      'Beralih ke backend lain: webgpu: adaptor WebGPU tidak ada (tidak ada GPU atau driver yang cocok); webgl: context lost; pendeteksi wajah di GPU: shader failed, jadi berjalan di CPU',
    );
  });
});

describe('isLiveStatus', () => {
  it('accepts the background’s status, with extra fields', () => {
    expect(isLiveStatus({ ...analysingStatus(), droppedMessages: 0 })).toBe(true);
    expect(isLiveStatus(notInClass)).toBe(true);
  });

  it('accepts engine messages and policy problems as messages or as plain text', () => {
    const engine = { state: 'loading' as const, backend: null, detector: null, message: localizedText('engine_loadingModels'), modelId: null };
    expect(isLiveStatus({ ...analysingStatus(), engine, policyProblems: [localizedText('policyProblem_notObject'), 'plain words'] })).toBe(true);
    expect(isLiveStatus({ ...analysingStatus(), engine: { ...engine, message: { params: {} } } })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), policyProblems: [{ key: 'x', params: { y: {} } }] })).toBe(false);
  });

  it('refuses malformed replies', () => {
    expect(isLiveStatus(undefined)).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), camera: 'on' })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), engine: { state: 'ready', backend: 'metal', message: null } })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), engine: { ...analysingStatus().engine, detector: 'NPU' } })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), engine: { ...analysingStatus().engine, detector: undefined } })).toBe(false);
    const lastAnalysis = { ...analysingStatus().lastAnalysis!, top: 'bored' };
    expect(isLiveStatus({ ...analysingStatus(), lastAnalysis })).toBe(false);
    const shortProbabilities = { ...analysingStatus().lastAnalysis!, probabilities: [1] };
    expect(isLiveStatus({ ...analysingStatus(), lastAnalysis: shortProbabilities })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), policy: { disableSharing: 'yes', disableTeacherMode: false, attentionOnly: false } })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), policyProblems: undefined })).toBe(false);
    expect(isLiveStatus({ ...analysingStatus(), attentionOnly: 'no' })).toBe(false);
  });
});

describe('live engagement', () => {
  const withCues = (engagement: Record<string, unknown>) =>
    analysingStatus({ lastAnalysis: { ...analysingStatus().lastAnalysis!, engagement } as unknown as LiveStatus['lastAnalysis'] });

  it('reads the latest frame’s cues only while analysing', () => {
    expect(currentEngagement(analysingStatus())?.interest).toBe('interested');
    expect(currentEngagement(analysingStatus({ analysing: false }))).toBeNull();
    expect(currentEngagement(null)).toBeNull();
    expect(currentEngagement(withCues({}))).toBeNull();
  });

  it('words interest, concentration, head and eyes in each language', () => {
    const cues = currentEngagement(analysingStatus());
    expect(interestText(cues, t)).toBe('Interested');
    expect(interestText(cues, id.t)).toBe('Tertarik');
    expect(concentrationText(cues, t, en.format)).toBe('Highly engaged · index 67%');
    expect(headText(cues, t)).toBe('Facing the screen');
    expect(eyesText(cues, t)).toBe('Not measured');
    expect(eyesText({ ...cues!, eyesOpen: false }, id.t)).toBe('Tertutup');
    expect(gazeText(cues, t)).toBe('Not measured');
    expect(gazeText({ ...cues!, eyesOpen: true, gazeX: 0.05, gazeY: 0, gazeCentred: true }, t)).toBe('On the screen');
    expect(gazeText({ ...cues!, eyesOpen: true, gazeX: 0.4, gazeY: 0, gazeCentred: false }, id.t)).toBe('Menjauh dari layar');
  });

  it('leaves out what attention-only mode or a missing face cannot say', () => {
    const turned = currentEngagement(withCues({ interest: 'not-interested', yaw: 40, pitch: 0, roll: 0, facing: false, gazeWeight: 2 }));
    expect(concentrationText(turned, t, en.format)).toBe('—');
    expect(headText(turned, id.t)).toBe('Menoleh ke arah lain');
    expect(interestText(turned, id.t)).toBe('Tidak tertarik');
    const none = currentEngagement(withCues({ interest: 'not-detected' }));
    expect(interestText(none, t)).toBe('Not detected');
    expect([headText(none, t), eyesText(none, t), gazeText(none, t), concentrationText(none, t, en.format)]).toEqual(['—', '—', '—', '—']);
    expect(interestText(null, t)).toBe('—');
  });
});
