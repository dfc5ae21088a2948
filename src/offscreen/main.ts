/**
 * Chromium host of the inference engine: an offscreen document (extension pages there have
 * WebGPU; the service worker cannot host the detector's wasm and canvas work reliably).
 * Offscreen documents only get the runtime API, so everything arrives by message.
 */
import browser from 'webextension-polyfill';
import { createEngineService } from './engine-service';
import { isBackgroundToOffscreen, MessageCounter, OFFSCREEN_TARGET, type AnalyseReply } from '../shared/messages';
import type { EngineStatus } from '../shared/types';

const answer = createEngineService((path) => browser.runtime.getURL(path));
const dropped = new MessageCounter();

browser.runtime.onMessage.addListener((message: unknown): Promise<AnalyseReply | EngineStatus> | undefined => {
  if ((message as { target?: unknown })?.target !== OFFSCREEN_TARGET) return undefined;
  if (!isBackgroundToOffscreen(message)) {
    dropped.drop('background→offscreen');
    return undefined;
  }
  return answer(message);
});
