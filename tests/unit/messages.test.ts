import { describe, expect, it } from 'vitest';
import { FRAME_LIMITS, isRawFrame, type RawFrame } from '../../src/shared/frame';
import {
  CONTENT_SOURCE,
  ENGINE_SOURCE,
  HOOK_SOURCE,
  MessageCounter,
  OFFSCREEN_TARGET,
  isBackgroundToContent,
  isBackgroundToOffscreen,
  isClassInfo,
  isContentToBackground,
  isContentToHook,
  isEngineToBackground,
  isFrameAdmission,
  isFrameRequest,
  isHookToContent,
  isPopupToBackground,
  isPortReply,
  isPortRequest,
  type ClassInfo,
} from '../../src/shared/messages';

function frame(width = 32, height = 24, patch: Partial<Record<keyof RawFrame, unknown>> = {}): Record<string, unknown> {
  return { width, height, data: new ArrayBuffer(width * height * 4), time: 1_700_000_000_000, ...patch };
}

const info: ClassInfo = { platform: 'meet', title: 'Maths 7B', url: 'https://meet.google.com/abc-defg-hij' };

describe('isRawFrame', () => {
  it('accepts a packed RGBA frame', () => {
    expect(isRawFrame(frame())).toBe(true);
    expect(isRawFrame(frame(FRAME_LIMITS.minSide, FRAME_LIMITS.minSide))).toBe(true);
    expect(isRawFrame(frame(FRAME_LIMITS.maxSide, FRAME_LIMITS.minSide))).toBe(true);
    expect(isRawFrame(frame(16, 1280, { time: 0 }))).toBe(true);
  });

  it('rejects data whose length is not width × height × 4', () => {
    expect(isRawFrame(frame(32, 24, { data: new ArrayBuffer(32 * 24 * 4 - 1) }))).toBe(false);
    expect(isRawFrame(frame(32, 24, { data: new ArrayBuffer(32 * 24 * 4 + 4) }))).toBe(false);
    expect(isRawFrame(frame(32, 24, { data: new ArrayBuffer(32 * 24 * 3) }))).toBe(false);
  });

  it('accepts a packed I420 frame with its colour reading, and only with the I420 size', () => {
    const i420 = (width: number, height: number, extra: Record<string, unknown> = {}) => ({
      width,
      height,
      time: 1,
      format: 'i420',
      colour: { matrix: 'bt601', fullRange: false },
      data: new ArrayBuffer(width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2)),
      ...extra,
    });
    expect(isRawFrame(i420(32, 24))).toBe(true);
    expect(isRawFrame(i420(33, 17))).toBe(true);
    expect(isRawFrame(i420(32, 24, { data: new ArrayBuffer(32 * 24 * 4) }))).toBe(false);
    expect(isRawFrame(i420(32, 24, { colour: { matrix: 'bt2020', fullRange: false } }))).toBe(false);
    expect(isRawFrame(i420(32, 24, { colour: undefined }))).toBe(false);
    expect(isRawFrame(i420(32, 24, { format: 'nv12' }))).toBe(false);
  });

  it('rejects data that is not an ArrayBuffer', () => {
    expect(isRawFrame(frame(32, 24, { data: new Uint8Array(32 * 24 * 4) }))).toBe(false);
    expect(isRawFrame(frame(32, 24, { data: Array.from({ length: 32 * 24 * 4 }, () => 0) }))).toBe(false);
    expect(isRawFrame(frame(32, 24, { data: null }))).toBe(false);
  });

  it('rejects sizes outside FRAME_LIMITS or not whole', () => {
    expect(isRawFrame(frame(FRAME_LIMITS.minSide - 1, 24))).toBe(false);
    expect(isRawFrame(frame(32, FRAME_LIMITS.minSide - 1))).toBe(false);
    expect(isRawFrame(frame(FRAME_LIMITS.maxSide + 1, 16))).toBe(false);
    expect(isRawFrame(frame(16, FRAME_LIMITS.maxSide + 1))).toBe(false);
    expect(isRawFrame({ ...frame(32, 24), width: 32.5 })).toBe(false);
    expect(isRawFrame({ ...frame(32, 24), width: '32' })).toBe(false);
    expect(isRawFrame({ ...frame(0, 0) })).toBe(false);
  });

  it('rejects a missing or non-finite time', () => {
    expect(isRawFrame(frame(32, 24, { time: Number.NaN }))).toBe(false);
    expect(isRawFrame(frame(32, 24, { time: Number.POSITIVE_INFINITY }))).toBe(false);
    expect(isRawFrame(frame(32, 24, { time: '1700000000000' }))).toBe(false);
    const { time: _time, ...noTime } = frame();
    expect(isRawFrame(noTime)).toBe(false);
  });

  it('rejects non-objects', () => {
    for (const value of [null, undefined, 0, 'frame', [frame()]]) expect(isRawFrame(value)).toBe(false);
  });
});

describe('isHookToContent', () => {
  it('accepts camera and frame messages from the hook', () => {
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'camera', state: 'live', detail: '' })).toBe(true);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'camera', state: 'denied', detail: 'NotAllowedError' })).toBe(true);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'frame', frame: frame() })).toBe(true);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'frame-port' })).toBe(true);
  });

  it('rejects the wrong source, type or fields', () => {
    expect(isHookToContent({ source: CONTENT_SOURCE, type: 'camera', state: 'live', detail: '' })).toBe(false);
    expect(isHookToContent({ type: 'camera', state: 'live', detail: '' })).toBe(false);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'camera', state: 'sleeping', detail: '' })).toBe(false);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'camera', state: 'live' })).toBe(false);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'camera', state: 'live', detail: 'x'.repeat(501) })).toBe(false);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'camera', state: 'live', detail: 'x'.repeat(500) })).toBe(true);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'frame', frame: frame(32, 24, { data: new ArrayBuffer(10) }) })).toBe(false);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'frame' })).toBe(false);
    expect(isHookToContent({ source: HOOK_SOURCE, type: 'sampling', samplesPerSecond: 1, frameWidth: 320 })).toBe(false);
    expect(isHookToContent(null)).toBe(false);
  });
});

describe('isContentToHook', () => {
  const ok = { source: CONTENT_SOURCE, type: 'sampling', samplesPerSecond: 1, frameWidth: 320 };

  it('accepts sampling instructions, including 0 (stop) and the limits', () => {
    expect(isContentToHook(ok)).toBe(true);
    expect(isContentToHook({ ...ok, samplesPerSecond: 0 })).toBe(true);
    expect(isContentToHook({ ...ok, samplesPerSecond: 10, frameWidth: 1280 })).toBe(true);
    expect(isContentToHook({ ...ok, frameWidth: 16 })).toBe(true);
  });

  it('rejects the wrong source or type and out-of-range numbers', () => {
    expect(isContentToHook({ ...ok, source: HOOK_SOURCE })).toBe(false);
    expect(isContentToHook({ ...ok, type: 'frame' })).toBe(false);
    expect(isContentToHook({ ...ok, samplesPerSecond: -0.1 })).toBe(false);
    expect(isContentToHook({ ...ok, samplesPerSecond: 10.5 })).toBe(false);
    expect(isContentToHook({ ...ok, samplesPerSecond: Number.NaN })).toBe(false);
    expect(isContentToHook({ ...ok, frameWidth: 15 })).toBe(false);
    expect(isContentToHook({ ...ok, frameWidth: 1281 })).toBe(false);
    expect(isContentToHook({ ...ok, frameWidth: '320' })).toBe(false);
    const { frameWidth: _w, ...missing } = ok;
    expect(isContentToHook(missing)).toBe(false);
  });
});

describe('isClassInfo', () => {
  it('accepts every known platform', () => {
    for (const platform of ['meet', 'zoom', 'bbb', 'demo']) expect(isClassInfo({ ...info, platform })).toBe(true);
  });

  it('rejects an unknown platform, an oversized title or URL, and missing fields', () => {
    expect(isClassInfo({ ...info, platform: 'teams' })).toBe(false);
    expect(isClassInfo({ ...info, platform: 'Meet' })).toBe(false);
    expect(isClassInfo({ ...info, title: 'x'.repeat(300) })).toBe(true);
    expect(isClassInfo({ ...info, title: 'x'.repeat(301) })).toBe(false);
    expect(isClassInfo({ ...info, url: `https://a.b/${'x'.repeat(4096)}` })).toBe(false);
    expect(isClassInfo({ ...info, title: 7 })).toBe(false);
    expect(isClassInfo({ platform: 'meet', title: 'x' })).toBe(false);
  });
});

describe('isContentToBackground', () => {
  it('accepts each message type with class info', () => {
    expect(isContentToBackground({ type: 'class-page', info })).toBe(true);
    expect(isContentToBackground({ type: 'camera', state: 'off', detail: 'track muted', info })).toBe(true);
    expect(isContentToBackground({ type: 'engine-wanted', info })).toBe(true);
  });

  it('rejects messages without valid class info', () => {
    expect(isContentToBackground({ type: 'class-page' })).toBe(false);
    expect(isContentToBackground({ type: 'class-page', info: { ...info, platform: 'teams' } })).toBe(false);
    expect(isContentToBackground({ type: 'class-page', info: { ...info, title: 't'.repeat(301) } })).toBe(false);
  });

  it('rejects unknown types, malformed payloads and frames (they go on the frame port)', () => {
    expect(isContentToBackground({ type: 'get-status', info })).toBe(false);
    expect(isContentToBackground({ type: 'camera', state: 'gone', detail: '', info })).toBe(false);
    expect(isContentToBackground({ type: 'camera', state: 'live', info })).toBe(false);
    expect(isContentToBackground({ type: 'frame', frame: frame(), info })).toBe(false);
  });
});

describe('isFrameRequest', () => {
  it('accepts a frame with class info', () => {
    expect(isFrameRequest({ type: 'frame', frame: frame(), info })).toBe(true);
  });

  it('rejects a bad frame, missing or bad class info, and other types', () => {
    expect(isFrameRequest({ type: 'frame', frame: frame(32, 24, { time: Number.NaN }), info })).toBe(false);
    expect(isFrameRequest({ type: 'frame', frame: frame(8, 8), info })).toBe(false);
    expect(isFrameRequest({ type: 'frame', info })).toBe(false);
    expect(isFrameRequest({ type: 'frame', frame: frame(), info: null })).toBe(false);
    expect(isFrameRequest({ type: 'frame', frame: frame(), info: { ...info, platform: 'teams' } })).toBe(false);
    expect(isFrameRequest({ type: 'camera', frame: frame(), info })).toBe(false);
    expect(isFrameRequest(null)).toBe(false);
  });
});

describe('port envelopes', () => {
  it('accepts a request or a reply with a whole, non-negative id', () => {
    expect(isPortRequest({ id: 0, request: { type: 'frame' } })).toBe(true);
    expect(isPortRequest({ id: 7, request: undefined })).toBe(true);
    expect(isPortReply({ id: 7, reply: { ok: true } })).toBe(true);
    expect(isPortReply({ id: 7 })).toBe(true); // an undefined reply may lose its key on the way
  });

  it('rejects a missing, fractional, negative or non-numeric id, and a request without its body', () => {
    for (const id of [undefined, -1, 1.5, '1', Number.NaN]) {
      expect(isPortRequest({ id, request: {} })).toBe(false);
      expect(isPortReply({ id, reply: {} })).toBe(false);
    }
    expect(isPortRequest({ id: 1 })).toBe(false);
    expect(isPortRequest(null)).toBe(false);
    expect(isPortReply([1])).toBe(false);
  });
});

describe('isBackgroundToContent', () => {
  it('accepts sampling instructions', () => {
    expect(isBackgroundToContent({ type: 'sampling', samplesPerSecond: 0, frameWidth: 320 })).toBe(true);
  });

  it('rejects other types and missing or non-finite numbers', () => {
    expect(isBackgroundToContent({ type: 'frame', samplesPerSecond: 1, frameWidth: 320 })).toBe(false);
    expect(isBackgroundToContent({ type: 'sampling', samplesPerSecond: 1 })).toBe(false);
    expect(isBackgroundToContent({ type: 'sampling', samplesPerSecond: Number.NaN, frameWidth: 320 })).toBe(false);
    expect(isBackgroundToContent({ type: 'sampling', samplesPerSecond: '1', frameWidth: 320 })).toBe(false);
    expect(isBackgroundToContent(undefined)).toBe(false);
  });
});

describe('isBackgroundToOffscreen', () => {
  const CALIBRATION = { yaw: 12, pitch: -6, eyeAspectRatio: 0.26, restingExpression: 'sad', frames: 40, learnedAt: 1_700_000_000_000 };
  const analyse = (extra: Record<string, unknown> = {}) => ({
    target: OFFSCREEN_TARGET,
    type: 'analyse',
    frame: frame(),
    backend: 'auto',
    attentionOnly: false,
    calibration: null,
    ...extra,
  });

  it('accepts analyse with every backend preference, and engine-status', () => {
    for (const backend of ['auto', 'webgpu', 'webgl', 'wasm', 'cpu']) {
      expect(isBackgroundToOffscreen(analyse({ backend }))).toBe(true);
    }
    expect(isBackgroundToOffscreen({ target: OFFSCREEN_TARGET, type: 'engine-status' })).toBe(true);
  });

  it('accepts warm with a backend preference and the attention-only flag, nothing less', () => {
    expect(isBackgroundToOffscreen({ target: OFFSCREEN_TARGET, type: 'warm', backend: 'wasm', attentionOnly: false })).toBe(true);
    expect(isBackgroundToOffscreen({ target: OFFSCREEN_TARGET, type: 'warm', backend: 'cuda', attentionOnly: false })).toBe(false);
    expect(isBackgroundToOffscreen({ target: OFFSCREEN_TARGET, type: 'warm', backend: 'wasm' })).toBe(false);
    expect(isBackgroundToOffscreen({ type: 'warm', backend: 'wasm', attentionOnly: false })).toBe(false);
  });

  it('carries the attention-only flag and a calibration with every frame', () => {
    expect(isBackgroundToOffscreen(analyse({ attentionOnly: true, calibration: CALIBRATION }))).toBe(true);
    expect(isBackgroundToOffscreen(analyse({ attentionOnly: undefined }))).toBe(false);
    expect(isBackgroundToOffscreen(analyse({ attentionOnly: 'yes' }))).toBe(false);
    expect(isBackgroundToOffscreen(analyse({ calibration: undefined }))).toBe(false);
    expect(isBackgroundToOffscreen(analyse({ calibration: { ...CALIBRATION, yaw: Number.NaN } }))).toBe(false);
    expect(isBackgroundToOffscreen(analyse({ calibration: { ...CALIBRATION, restingExpression: 'bored' } }))).toBe(false);
    expect(isBackgroundToOffscreen(analyse({ calibration: { ...CALIBRATION, yaw: 400 } }))).toBe(false);
  });

  it('rejects the wrong target, unknown backends, bad frames and unknown types', () => {
    expect(isBackgroundToOffscreen({ type: 'engine-status' })).toBe(false);
    expect(isBackgroundToOffscreen({ target: 'raut-popup', type: 'engine-status' })).toBe(false);
    expect(isBackgroundToOffscreen(analyse({ backend: 'cuda' }))).toBe(false);
    expect(isBackgroundToOffscreen({ target: OFFSCREEN_TARGET, type: 'analyse', frame: frame() })).toBe(false);
    expect(
      isBackgroundToOffscreen(analyse({ frame: frame(2000, 16) })),
    ).toBe(false);
    expect(isBackgroundToOffscreen({ target: OFFSCREEN_TARGET, type: 'shutdown' })).toBe(false);
  });
});

describe('isPopupToBackground', () => {
  it('accepts each popup message', () => {
    expect(isPopupToBackground({ type: 'get-status' })).toBe(true);
    expect(isPopupToBackground({ type: 'settings-changed' })).toBe(true);
    expect(isPopupToBackground({ type: 'data-deleted' })).toBe(true);
    expect(isPopupToBackground({ type: 'flush-samples' })).toBe(true);
    expect(isPopupToBackground({ type: 'calibration-status' })).toBe(true);
    expect(isPopupToBackground({ type: 'calibration-start' })).toBe(true);
    expect(isPopupToBackground({ type: 'calibration-reset' })).toBe(true);
    expect(isPopupToBackground({ type: 'set-paused', paused: false })).toBe(true);
    expect(isPopupToBackground({ type: 'end-session', sessionId: 's'.repeat(100) })).toBe(true);
  });

  it('rejects malformed popup messages', () => {
    expect(isPopupToBackground({ type: 'set-paused', paused: 'true' })).toBe(false);
    expect(isPopupToBackground({ type: 'set-paused' })).toBe(false);
    expect(isPopupToBackground({ type: 'end-session', sessionId: 's'.repeat(101) })).toBe(false);
    expect(isPopupToBackground({ type: 'end-session', sessionId: 42 })).toBe(false);
    expect(isPopupToBackground({ type: 'end-session' })).toBe(false);
    expect(isPopupToBackground({ type: 'delete-everything' })).toBe(false);
    expect(isPopupToBackground({})).toBe(false);
    expect(isPopupToBackground([{ type: 'get-status' }])).toBe(false);
    expect(isPopupToBackground('get-status')).toBe(false);
  });
});

describe('MessageCounter', () => {
  it('counts drops per channel and in total', () => {
    const counter = new MessageCounter();
    expect(counter.count('hook')).toBe(0);
    expect(counter.total()).toBe(0);
    counter.drop('hook');
    counter.drop('popup');
    counter.drop('hook');
    expect(counter.count('hook')).toBe(2);
    expect(counter.count('popup')).toBe(1);
    expect(counter.count('offscreen')).toBe(0);
    expect(counter.total()).toBe(3);
  });

  it('keeps counters of separate instances apart', () => {
    const a = new MessageCounter();
    const b = new MessageCounter();
    a.drop('x');
    expect(b.count('x')).toBe(0);
    expect(b.total()).toBe(0);
  });
});

describe('isEngineToBackground', () => {
  const ENGINE = { state: 'ready', backend: 'wasm', detector: 'CPU', message: null, modelId: 'human-emotion' };
  const admit = (extra: Record<string, unknown> = {}) => ({ source: ENGINE_SOURCE, type: 'frame-admit', tabId: 7, info, ...extra });
  const analysed = (extra: Record<string, unknown> = {}) => ({
    source: ENGINE_SOURCE,
    type: 'frame-analysed',
    tabId: 7,
    info,
    time: 1_700_000_000_000,
    reply: { ok: true, analysis: { faceFound: false }, engine: ENGINE },
    ...extra,
  });

  it("accepts the engine host's two questions about a tab's frame", () => {
    expect(isEngineToBackground(admit())).toBe(true);
    expect(isEngineToBackground(analysed())).toBe(true);
    expect(isEngineToBackground(analysed({ reply: { ok: false, error: 'no backend', engine: ENGINE } }))).toBe(true);
  });

  it('rejects another source, a bad tab, bad class info, a bad time and a malformed engine reply', () => {
    expect(isEngineToBackground(admit({ source: CONTENT_SOURCE }))).toBe(false);
    expect(isEngineToBackground(admit({ tabId: -1 }))).toBe(false);
    expect(isEngineToBackground(admit({ tabId: 1.5 }))).toBe(false);
    expect(isEngineToBackground(admit({ info: { ...info, platform: 'teams' } }))).toBe(false);
    expect(isEngineToBackground(admit({ type: 'frame' }))).toBe(false);
    expect(isEngineToBackground(analysed({ time: Number.NaN }))).toBe(false);
    expect(isEngineToBackground(analysed({ reply: { ok: true, engine: ENGINE } }))).toBe(false);
    expect(isEngineToBackground(analysed({ reply: { ok: false, engine: ENGINE } }))).toBe(false);
    expect(isEngineToBackground(analysed({ reply: { ok: true, analysis: {} } }))).toBe(false);
    expect(isEngineToBackground(analysed({ reply: { ok: 'yes', analysis: {}, engine: ENGINE } }))).toBe(false);
    expect(isEngineToBackground(null)).toBe(false);
  });
});

describe('isFrameAdmission', () => {
  it("accepts the worker's skip, and analyse with valid options", () => {
    expect(isFrameAdmission({ analyse: false })).toBe(true);
    expect(isFrameAdmission({ analyse: true, options: { backend: 'auto', attentionOnly: true, calibration: null } })).toBe(true);
  });

  it('rejects analyse without options or with bad ones', () => {
    expect(isFrameAdmission({ analyse: true })).toBe(false);
    expect(isFrameAdmission({ analyse: true, options: { backend: 'cuda', attentionOnly: false, calibration: null } })).toBe(false);
    expect(isFrameAdmission({ analyse: true, options: { backend: 'wasm', attentionOnly: false } })).toBe(false);
    expect(isFrameAdmission({ analyse: 'no' })).toBe(false);
    expect(isFrameAdmission(undefined)).toBe(false);
  });
});
