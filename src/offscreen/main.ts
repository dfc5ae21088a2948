/**
 * Chromium host of the inference engine: an offscreen document (extension pages there have
 * WebGPU; the service worker cannot host the detector's wasm and canvas work reliably).
 * Offscreen documents only get the runtime API. A worker that has no port of this document yet
 * sends its request by message; answering it, the document opens a port to the worker, and the
 * next requests come on that port (background/engine-document.ts). The document never listens
 * for connections: every content script's frame port would reach it too (see ENGINE_PORT).
 */
import browser from 'webextension-polyfill';
import { createEngineService } from './engine-service';
import { ENGINE_PORT, isBackgroundToOffscreen, MessageCounter, OFFSCREEN_TARGET, type AnalyseReply } from '../shared/messages';
import { answerRequests } from '../shared/request-port';
import type { EngineStatus } from '../shared/types';

const answer = createEngineService((path) => browser.runtime.getURL(path));
const dropped = new MessageCounter();
let portOpen = false;

function openPortToWorker(): void {
  const port = browser.runtime.connect({ name: ENGINE_PORT });
  portOpen = true;
  port.onDisconnect.addListener(() => {
    portOpen = false; // the worker stopped: its successor asks by message again
  });
  answerRequests(port, isBackgroundToOffscreen, answer, () => dropped.drop('background→offscreen'));
}

browser.runtime.onMessage.addListener((message: unknown): Promise<AnalyseReply | EngineStatus> | undefined => {
  if ((message as { target?: unknown })?.target !== OFFSCREEN_TARGET) return undefined;
  if (!isBackgroundToOffscreen(message)) {
    dropped.drop('background→offscreen');
    return undefined;
  }
  if (!portOpen) openPortToWorker();
  return answer(message);
});
