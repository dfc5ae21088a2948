/**
 * Message contracts: one discriminated union per channel, each with a validator.
 * Every receiver validates; a message that fails is dropped and counted (see MessageCounter).
 */
import { isCalibration, type Calibration } from './calibration';
import { isRawFrame, type RawFrame } from './frame';
import type { BackendPreference, EngineStatus, FrameAnalysis, LiveStatus, Platform, Settings } from './types';
import { BACKEND_PREFERENCES, PLATFORMS } from './types';
import { isFiniteNumber, isIntegerInRange, isOneOf, isRecord, isShortString } from './validate';

// ---------------------------------------------------------------------------
// Channel 1: MAIN-world hook ⇄ isolated content script (window.postMessage).
// Both directions carry `source` so each side ignores the page's own messages.
// ---------------------------------------------------------------------------
export const HOOK_SOURCE = 'raut-hook';
export const CONTENT_SOURCE = 'raut-content';

export const CAMERA_STATES = ['live', 'off', 'ended', 'denied', 'error'] as const;
export type CameraState = (typeof CAMERA_STATES)[number];

/**
 * Camera states and the frame port's hand-over go on `window.postMessage`; frames go on that port
 * (a MessageChannel between the two worlds), so they are not 'message' events of the class page's
 * window, which every listener of the page would get, and deserialize, 115 KB at a time.
 */
export type HookToContent =
  | { source: typeof HOOK_SOURCE; type: 'camera'; state: CameraState; detail: string }
  /** Carries the frame port in the event's `ports`. */
  | { source: typeof HOOK_SOURCE; type: 'frame-port' }
  | { source: typeof HOOK_SOURCE; type: 'frame'; frame: RawFrame };

export type ContentToHook = {
  source: typeof CONTENT_SOURCE;
  type: 'sampling';
  /** Frames per second; 0 stops sampling. */
  samplesPerSecond: number;
  frameWidth: number;
};

const isCameraState = isOneOf(CAMERA_STATES);

export function isHookToContent(value: unknown): value is HookToContent {
  if (!isRecord(value) || value.source !== HOOK_SOURCE) return false;
  switch (value.type) {
    case 'camera':
      return isCameraState(value.state) && isShortString(value.detail, 500);
    case 'frame-port':
      return true;
    case 'frame':
      return isRawFrame(value.frame);
    default:
      return false;
  }
}

export function isContentToHook(value: unknown): value is ContentToHook {
  return (
    isRecord(value) &&
    value.source === CONTENT_SOURCE &&
    value.type === 'sampling' &&
    isFiniteNumber(value.samplesPerSecond) &&
    value.samplesPerSecond >= 0 &&
    value.samplesPerSecond <= 10 &&
    isFiniteNumber(value.frameWidth) &&
    value.frameWidth >= 16 &&
    value.frameWidth <= 1280
  );
}

// ---------------------------------------------------------------------------
// Requests over runtime ports (src/shared/request-port.ts): each carries an id, its answer brings
// it back. Only the engine's host listens for runtime.onConnect (Chromium: the offscreen document,
// not the worker): a runtime.connect reaches every extension context that listens, and a receiver's
// disconnect() closes the port for all of them, so a second listener would be handed every frame too.
// ---------------------------------------------------------------------------
export interface PortRequest<T> {
  id: number;
  request: T;
}

export interface PortReply {
  id: number;
  /** Undefined when the request was malformed or could not be answered. */
  reply: unknown;
}

const isRequestId = (value: unknown): value is number => isIntegerInRange(value, 0, Number.MAX_SAFE_INTEGER);

/** The envelope only: the answering side checks `request` with its channel's guard. */
export function isPortRequest(value: unknown): value is PortRequest<unknown> {
  return isRecord(value) && isRequestId(value.id) && 'request' in value;
}

export function isPortReply(value: unknown): value is PortReply {
  return isRecord(value) && isRequestId(value.id);
}

// ---------------------------------------------------------------------------
// Channel 2: content script → background (runtime.sendMessage), and its frames on FRAME_PORT to
// the engine's host (Chromium's offscreen document, Firefox's background page): one messaging hop.
// ---------------------------------------------------------------------------
export interface ClassInfo {
  platform: Platform;
  title: string;
  url: string;
}

export type ContentToBackground =
  | { type: 'class-page'; info: ClassInfo }
  | { type: 'camera'; state: CameraState; detail: string; info: ClassInfo }
  /** Its frame port found no engine (not started yet, or closed): start it. */
  | { type: 'engine-wanted'; info: ClassInfo };

/**
 * The port a content script opens (runtime.connect) for its frames: each a FrameRequest, answered
 * with a FrameReply by the engine's host, the only context that listens for connections.
 */
export const FRAME_PORT = 'raut-frames';

export type FrameRequest = { type: 'frame'; frame: RawFrame; info: ClassInfo };

/**
 * What a `frame` gets back: kept (`stored`: its sample goes to IndexedDB with the next batch,
 * src/background/sample-writer.ts), skipped (paused …) or failed. A batch of earlier samples that
 * could not be written fails the next frame's reply, which names it.
 */
export type FrameReply =
  | { ok: true; stored: boolean; analysis: FrameAnalysis | null }
  | { ok: false; error: string };

const isPlatform = isOneOf(PLATFORMS);

export function isClassInfo(value: unknown): value is ClassInfo {
  return (
    isRecord(value) && isPlatform(value.platform) && isShortString(value.title, 300) && isShortString(value.url, 4096)
  );
}

export function isContentToBackground(value: unknown): value is ContentToBackground {
  if (!isRecord(value) || !isClassInfo(value.info)) return false;
  switch (value.type) {
    case 'class-page':
    case 'engine-wanted':
      return true;
    case 'camera':
      return isCameraState(value.state) && isShortString(value.detail, 500);
    default:
      return false;
  }
}

export function isFrameRequest(value: unknown): value is FrameRequest {
  return isRecord(value) && value.type === 'frame' && isRawFrame(value.frame) && isClassInfo(value.info);
}

// Background → content (tabs.sendMessage): how to sample.
export type BackgroundToContent = { type: 'sampling'; samplesPerSecond: number; frameWidth: number };

export function isBackgroundToContent(value: unknown): value is BackgroundToContent {
  return (
    isRecord(value) &&
    value.type === 'sampling' &&
    isFiniteNumber(value.samplesPerSecond) &&
    isFiniteNumber(value.frameWidth)
  );
}

// ---------------------------------------------------------------------------
// Channel 3: background ⇄ engine host. The worker's requests (load the models, the engine's
// status) reach Chromium's offscreen document by runtime.sendMessage with `target`; no frame
// travels this way any more. Firefox's background page calls the engine directly.
// ---------------------------------------------------------------------------
export const OFFSCREEN_TARGET = 'raut-offscreen';
const isBackendPreference = isOneOf(BACKEND_PREFERENCES);

/**
 * `backend`, `attentionOnly` (managed policy: no expression model at all) and the student's
 * `calibration` ride with every frame, so the engine never acts on a stale copy of them.
 */
export interface FrameOptions {
  backend: BackendPreference;
  attentionOnly: boolean;
  calibration: Calibration | null;
}

export type BackgroundToOffscreen =
  | ({ target: typeof OFFSCREEN_TARGET; type: 'analyse'; frame: RawFrame } & FrameOptions)
  | { target: typeof OFFSCREEN_TARGET; type: 'engine-status' }
  /** Load the models now (a class page opened), so the camera's first frame finds the engine ready. */
  | { target: typeof OFFSCREEN_TARGET; type: 'warm'; backend: BackendPreference; attentionOnly: boolean };

/** Both answers carry the engine's status, so the worker always shows the backend and any fallback reason. */
export type AnalyseReply = { ok: true; analysis: FrameAnalysis; engine: EngineStatus } | { ok: false; error: string; engine: EngineStatus };

function isFrameOptions(value: Record<string, unknown>): boolean {
  return (
    isBackendPreference(value.backend) &&
    typeof value.attentionOnly === 'boolean' &&
    (value.calibration === null || isCalibration(value.calibration))
  );
}

export function isBackgroundToOffscreen(value: unknown): value is BackgroundToOffscreen {
  if (!isRecord(value) || value.target !== OFFSCREEN_TARGET) return false;
  switch (value.type) {
    case 'analyse':
      return isRawFrame(value.frame) && isFrameOptions(value);
    case 'engine-status':
      return true;
    case 'warm':
      return isBackendPreference(value.backend) && typeof value.attentionOnly === 'boolean';
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------
// Channel 3b: engine host → background, per frame that came on FRAME_PORT (from Chromium's
// offscreen document on WORKER_PORT, or by runtime.sendMessage until the worker has opened it;
// direct calls in Firefox's background page). The worker decides whether a tab's frame is
// analysed and with which options, and stores what came of it.
// ---------------------------------------------------------------------------
export const ENGINE_SOURCE = 'raut-engine';

/**
 * Chromium: the port the worker opens (runtime.connect) to the engine document once the document
 * has asked it something by runtime message; the document's next EngineToBackground questions go
 * on it, answered there. A runtime message opens a channel per message (≈ 0.4 ms of the asker's
 * main thread, twice a frame); a port message costs a small fraction of that.
 */
export const WORKER_PORT = 'raut-worker';

export type EngineToBackground =
  | { source: typeof ENGINE_SOURCE; type: 'frame-admit'; tabId: number; info: ClassInfo }
  | { source: typeof ENGINE_SOURCE; type: 'frame-analysed'; tabId: number; info: ClassInfo; time: number; reply: AnalyseReply };

/** The worker's answer to `frame-admit`: analyse with these options, or skip (paused, platform off …). */
export type FrameAdmission = { analyse: true; options: FrameOptions } | { analyse: false };

const isTabId = (value: unknown): value is number => isIntegerInRange(value, 0, Number.MAX_SAFE_INTEGER);

/** The envelope and the engine's own fields; the analysis inside comes from Raut's own engine document. */
function isAnalyseReply(value: unknown): value is AnalyseReply {
  if (!isRecord(value) || !isRecord(value.engine)) return false;
  return value.ok === true ? isRecord(value.analysis) : value.ok === false && isShortString(value.error, 4000);
}

export function isEngineToBackground(value: unknown): value is EngineToBackground {
  if (!isRecord(value) || value.source !== ENGINE_SOURCE || !isTabId(value.tabId) || !isClassInfo(value.info)) return false;
  switch (value.type) {
    case 'frame-admit':
      return true;
    case 'frame-analysed':
      return isFiniteNumber(value.time) && isAnalyseReply(value.reply);
    default:
      return false;
  }
}

export function isFrameAdmission(value: unknown): value is FrameAdmission {
  if (!isRecord(value)) return false;
  if (value.analyse === false) return true;
  return value.analyse === true && isRecord(value.options) && isFrameOptions(value.options);
}

// ---------------------------------------------------------------------------
// Channel 4: popup (and other extension pages) → background.
// ---------------------------------------------------------------------------
export type PopupToBackground =
  | { type: 'get-status' }
  | { type: 'set-paused'; paused: boolean }
  | { type: 'settings-changed' }
  | { type: 'end-session'; sessionId: string }
  | { type: 'data-deleted' }
  /** Write the samples waiting for their batch now: the popup is about to read sessions or samples. */
  | { type: 'flush-samples' }
  // Consented sharing with a class hub (src/background/sharing). Answers: ShareReply in ./sharing.
  | { type: 'share-join'; hubUrl: string; classCode: string; displayName: string }
  | { type: 'share-preview'; classCode?: string }
  | { type: 'share-stop'; classCode: string; deleteOnHub: boolean }
  | { type: 'share-status' }
  // Per-student calibration (src/background/calibration.ts). Answer: CalibrationStatus.
  | { type: 'calibration-status' }
  /** "Look at the class as you normally do": learn anew over the next minute of analysis. */
  | { type: 'calibration-start' }
  /** Forget the stored calibration (population defaults until the next one is learnt). */
  | { type: 'calibration-reset' }
  /** "Not this class": forget a remembered class so that it is no longer offered. */
  | { type: 'share-forget'; classCode: string }
  /** "Try again now": a sync round that ignores the backoff (after the hub is back, say). */
  | { type: 'share-retry' };

export function isPopupToBackground(value: unknown): value is PopupToBackground {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'get-status':
    case 'settings-changed':
    case 'data-deleted':
    case 'flush-samples':
    case 'share-status':
    case 'calibration-status':
    case 'calibration-start':
    case 'calibration-reset':
    case 'share-retry':
      return true;
    case 'share-join':
      return isShortString(value.hubUrl, 2048) && isShortString(value.classCode, 32) && isShortString(value.displayName, 60);
    case 'share-preview':
      return value.classCode === undefined || isShortString(value.classCode, 32);
    case 'share-stop':
      return isShortString(value.classCode, 32) && typeof value.deleteOnHub === 'boolean';
    case 'share-forget':
      return isShortString(value.classCode, 32);
    case 'set-paused':
      return typeof value.paused === 'boolean';
    case 'end-session':
      return isShortString(value.sessionId, 100);
    default:
      return false;
  }
}

export type StatusReply = LiveStatus;
export type { Settings };

/** Counts dropped messages per channel so malformed input is visible, never silently trusted. */
export class MessageCounter {
  private readonly dropped = new Map<string, number>();
  drop(channel: string): void {
    this.dropped.set(channel, (this.dropped.get(channel) ?? 0) + 1);
  }
  count(channel: string): number {
    return this.dropped.get(channel) ?? 0;
  }
  total(): number {
    let sum = 0;
    for (const n of this.dropped.values()) sum += n;
    return sum;
  }
}
