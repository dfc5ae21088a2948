/**
 * Chromium host of the inference engine: an offscreen document (extension pages there have
 * WebGPU; the service worker cannot host the detector's wasm and canvas work reliably).
 * Offscreen documents only get the runtime API. It answers the worker's requests (warm,
 * engine-status) by message, and takes the content scripts' frame ports itself: it is the only
 * context that listens for connections, so a frame crosses extension messaging once
 * (src/shared/frame-desk.ts). For each frame it asks the worker whether and how to analyse, and
 * hands it the analysis to store.
 */
import browser from 'webextension-polyfill';
import { createEngineService } from './engine-service';
import { framePortListener, type FrameDesk } from '../shared/frame-desk';
import {
  ENGINE_SOURCE,
  isBackgroundToOffscreen,
  isFrameAdmission,
  MessageCounter,
  OFFSCREEN_TARGET,
  type AnalyseReply,
  type EngineToBackground,
  type FrameAdmission,
  type FrameReply,
} from '../shared/messages';
import type { EngineStatus } from '../shared/types';
import { isRecord } from '../shared/validate';

const answer = createEngineService((path) => browser.runtime.getURL(path));
const dropped = new MessageCounter();

function toWorker(message: EngineToBackground): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

const desk: FrameDesk = {
  async admit(tabId, info): Promise<FrameAdmission> {
    const admission = await toWorker({ source: ENGINE_SOURCE, type: 'frame-admit', tabId, info });
    if (!isFrameAdmission(admission)) throw new Error('the background gave no valid answer for this frame');
    return admission;
  },
  analyse: (frame, options) => answer({ target: OFFSCREEN_TARGET, type: 'analyse', frame, ...options }) as Promise<AnalyseReply>,
  async record(tabId, info, time, reply): Promise<FrameReply> {
    const stored = await toWorker({ source: ENGINE_SOURCE, type: 'frame-analysed', tabId, info, time, reply });
    if (!isRecord(stored) || typeof stored.ok !== 'boolean') throw new Error('the background did not confirm the sample');
    return stored as FrameReply;
  },
};

browser.runtime.onConnect.addListener(
  framePortListener(desk, { id: browser.runtime.id, url: browser.runtime.getURL('') }, (channel) => dropped.drop(channel)),
);

browser.runtime.onMessage.addListener((message: unknown): Promise<AnalyseReply | EngineStatus> | undefined => {
  if ((message as { target?: unknown })?.target !== OFFSCREEN_TARGET) return undefined;
  if (!isBackgroundToOffscreen(message)) {
    dropped.drop('background→offscreen');
    return undefined;
  }
  return answer(message);
});
