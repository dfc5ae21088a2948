/**
 * Chromium host of the inference engine: an offscreen document (extension pages there have
 * WebGPU; the service worker cannot host the detector's wasm and canvas work reliably).
 * Offscreen documents only get the runtime API. It answers the worker's requests (warm,
 * engine-status) by message, and takes the content scripts' frame ports itself: it is the only
 * context that listens for connections, so a frame crosses extension messaging once
 * (src/shared/frame-desk.ts). For each frame it asks the worker whether and how to analyse, and
 * hands it the analysis to store, on the port the worker opened to it (./worker-link.ts).
 */
import browser from 'webextension-polyfill';
import { createEngineService } from './engine-service';
import { framePortListener, type FrameDesk, type IncomingPort, type Sender } from '../shared/frame-desk';
import { WorkerLink } from './worker-link';
import {
  ENGINE_SOURCE,
  isBackgroundToOffscreen,
  isFrameAdmission,
  MessageCounter,
  OFFSCREEN_TARGET,
  WORKER_PORT,
  type AnalyseReply,
  type EngineToBackground,
  type FrameAdmission,
  type FrameReply,
} from '../shared/messages';
import type { EngineStatus } from '../shared/types';
import { isRecord } from '../shared/validate';

const answer = createEngineService((path) => browser.runtime.getURL(path));
const dropped = new MessageCounter();
const extension = { id: browser.runtime.id, url: browser.runtime.getURL('') };
const worker = new WorkerLink((message: EngineToBackground) => browser.runtime.sendMessage(message));

/** One of Raut's own extension contexts (the worker, here), not a content script. */
function isOwnExtensionContext(sender: Sender | undefined): boolean {
  return sender?.id === extension.id && !sender.tab && sender.url?.startsWith(extension.url) === true;
}

const desk: FrameDesk = {
  async admit(tabId, info): Promise<FrameAdmission> {
    const admission = await worker.ask({ source: ENGINE_SOURCE, type: 'frame-admit', tabId, info });
    if (!isFrameAdmission(admission)) throw new Error('the background gave no valid answer for this frame');
    return admission;
  },
  analyse: (frame, options) => answer({ target: OFFSCREEN_TARGET, type: 'analyse', frame, ...options }) as Promise<AnalyseReply>,
  async record(tabId, info, time, reply): Promise<FrameReply> {
    const stored = await worker.ask({ source: ENGINE_SOURCE, type: 'frame-analysed', tabId, info, time, reply });
    if (!isRecord(stored) || typeof stored.ok !== 'boolean') throw new Error('the background did not confirm the sample');
    return stored as FrameReply;
  },
};

const answerFramePort = framePortListener(desk, extension, (channel) => dropped.drop(channel));

browser.runtime.onConnect.addListener((port: IncomingPort) => {
  if (port.name === WORKER_PORT && isOwnExtensionContext(port.sender)) return worker.accept(port);
  answerFramePort(port);
});

browser.runtime.onMessage.addListener((message: unknown): Promise<AnalyseReply | EngineStatus> | undefined => {
  if ((message as { target?: unknown })?.target !== OFFSCREEN_TARGET) return undefined;
  if (!isBackgroundToOffscreen(message)) {
    dropped.drop('background→offscreen');
    return undefined;
  }
  return answer(message);
});
