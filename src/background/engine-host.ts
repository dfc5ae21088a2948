/**
 * Where the inference engine runs, the one place that differs by browser. Chromium: an offscreen
 * document (engine-document.ts), which also takes the content scripts' frames itself. Firefox has
 * no offscreen API, but its background is a page that can run the engine itself, on wasm or webgl.
 * The engine and its requests are the same in both (src/offscreen/engine-service.ts).
 */
import browser from 'webextension-polyfill';
import { offscreenDocumentChannel } from './engine-document';
import { CAPABILITIES } from '../shared/browser-target';
import type { RawFrame } from '../shared/frame';
import { localizedText, type LocalizedText } from '../shared/i18n';
import { OFFSCREEN_TARGET, type AnalyseReply, type BackgroundToOffscreen, type FrameOptions } from '../shared/messages';
import type { EngineStatus } from '../shared/types';

export interface EngineChannel {
  /** Starts the engine's host if it is not running (its models load on the first request). */
  start(): Promise<void>;
  /** Starts the engine's host if needed and hands it the request; resolves to its answer (undefined: none). */
  send(request: BackgroundToOffscreen): Promise<unknown>;
  /** Hands the request to a host that is already running (a status query must not start one). */
  ask(request: BackgroundToOffscreen): Promise<unknown>;
  /** Whether the host exists now. */
  isRunning(): Promise<boolean>;
}

/** Firefox: the engine lives in this background page; its models load on the first request. */
function inPageChannel(): EngineChannel {
  let service: Promise<(request: BackgroundToOffscreen) => Promise<unknown>> | null = null;
  const load = () =>
    (service ??= import('../offscreen/engine-service').then(({ createEngineService }) => createEngineService((path) => browser.runtime.getURL(path))));
  return {
    start: () => Promise.resolve(), // this page is the host
    send: (request) => load().then((answer) => answer(request)),
    ask: (request) => (service ? service.then((answer) => answer(request)) : Promise.resolve(undefined)),
    isRunning: () => Promise.resolve(service !== null),
  };
}

const channel: EngineChannel = CAPABILITIES.offscreenDocument ? offscreenDocumentChannel : inPageChannel();

export function startEngineHost(): Promise<void> {
  return channel.start();
}

/** Firefox's frame desk analyses through this; Chromium's offscreen document calls its engine itself. */
export async function analyseInEngine(frame: RawFrame, options: FrameOptions): Promise<AnalyseReply> {
  const reply = (await channel.send({ target: OFFSCREEN_TARGET, type: 'analyse', frame, ...options })) as AnalyseReply | undefined;
  if (!reply) return { ok: false, error: 'the engine did not answer', engine: engineUnavailable(localizedText('engine_noAnswer')) };
  return reply;
}

/** Starts the engine's host and has it load its models, without waiting for them. */
export async function warmEngine(options: Omit<FrameOptions, 'calibration'>): Promise<void> {
  await channel.send({ target: OFFSCREEN_TARGET, type: 'warm', ...options });
}

export async function engineStatus(): Promise<EngineStatus> {
  if (!(await channel.isRunning())) return { state: 'idle', backend: null, detector: null, message: null, modelId: null };
  const status = (await channel.ask({ target: OFFSCREEN_TARGET, type: 'engine-status' }).catch(() => undefined)) as EngineStatus | undefined;
  // A host that exists but does not answer yet is still starting its scripts.
  return status ?? { state: 'loading', backend: null, detector: null, message: localizedText('engine_starting'), modelId: null };
}

function engineUnavailable(message: LocalizedText): EngineStatus {
  return { state: 'error', backend: null, detector: null, message, modelId: null };
}
