/**
 * Chromium host of the inference engine: an offscreen document (extension pages there have
 * WebGPU; the service worker cannot host the detector's wasm and canvas work reliably).
 * Offscreen documents only get the runtime API, so everything arrives by message.
 */
import browser from 'webextension-polyfill';
import { Engine } from './engine';
import { DEFAULT_MODEL_ID, findModelAdapter } from './models/registry';
import { isBackgroundToOffscreen, MessageCounter, OFFSCREEN_TARGET, type AnalyseReply } from '../shared/messages';
import type { EngineStatus } from '../shared/types';

const adapter = findModelAdapter(DEFAULT_MODEL_ID);
if (!adapter) throw new Error(`no adapter for the default model ${DEFAULT_MODEL_ID}`);
const engine = new Engine({ assetUrl: (path) => browser.runtime.getURL(path) }, adapter);
const dropped = new MessageCounter();

browser.runtime.onMessage.addListener((message: unknown): Promise<AnalyseReply | EngineStatus> | undefined => {
  if ((message as { target?: unknown })?.target !== OFFSCREEN_TARGET) return undefined;
  if (!isBackgroundToOffscreen(message)) {
    dropped.drop('background→offscreen');
    return undefined;
  }
  if (message.type === 'engine-status') return Promise.resolve(engine.getStatus());
  engine.setMode({ backend: message.backend, attentionOnly: message.attentionOnly });
  if (message.type === 'warm') return engine.warm().then(() => engine.getStatus());
  return engine.analyse(message.frame, message.calibration).then(
    (analysis): AnalyseReply => ({ ok: true, analysis, engine: engine.getStatus() }),
    (error: unknown): AnalyseReply => ({
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      engine: engine.getStatus(),
    }),
  );
});
