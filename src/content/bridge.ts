/**
 * Isolated-world content script: the only link between the class page's MAIN-world hook and the
 * extension. It forwards camera states (by message) to the background worker and the sampled frames
 * the hook sends on its frame port to the engine's host (on a port of their own, one frame in flight
 * at most), validated, and passes the sampling configuration back to the hook. A frame port that
 * finds no engine (not started yet, or closed) closes at once: the worker is asked to start it, and
 * the frame goes once more.
 */
import browser from 'webextension-polyfill';
import { currentClassInfo } from './platforms';
import {
  CONTENT_SOURCE,
  FRAME_PORT,
  isBackgroundToContent,
  isHookToContent,
  type BackgroundToContent,
  type ContentToBackground,
  type ContentToHook,
  type FrameReply,
  type FrameRequest,
} from '../shared/messages';
import type { RawFrame } from '../shared/frame';
import { reopeningRequester, retryOnce } from '../shared/request-port';

const RETRY_DELAY_MS = 500;
let frameInFlight = false;
let droppedMessages = 0;
const framePort = reopeningRequester<FrameRequest>(() => browser.runtime.connect({ name: FRAME_PORT }));

function configureHook(config: BackgroundToContent): void {
  const message: ContentToHook = {
    source: CONTENT_SOURCE,
    type: 'sampling',
    samplesPerSecond: config.samplesPerSecond,
    frameWidth: config.frameWidth,
  };
  window.postMessage(message, location.origin);
}

function sendWithRetry(message: ContentToBackground): Promise<unknown> {
  return retryOnce(() => browser.runtime.sendMessage(message), RETRY_DELAY_MS);
}

async function requestFrame(request: FrameRequest): Promise<unknown> {
  try {
    return await framePort().request(request);
  } catch {
    await sendWithRetry({ type: 'engine-wanted', info: request.info }).catch(() => undefined);
    return framePort().request(request); // on a new port
  }
}

async function forwardFrame(frame: RawFrame): Promise<void> {
  const info = currentClassInfo();
  if (!info || frameInFlight) return; // never queue frames: the next tick brings a fresher one
  frameInFlight = true;
  try {
    const reply = (await requestFrame({ type: 'frame', frame, info })) as FrameReply | undefined;
    if (reply && !reply.ok) console.warn('[Raut] frame:', reply.error);
  } catch (error) {
    console.warn('[Raut] could not reach the extension:', error);
  } finally {
    frameInFlight = false;
  }
}

async function announce(): Promise<void> {
  const info = currentClassInfo();
  if (!info) return;
  const reply = await sendWithRetry({ type: 'class-page', info }).catch(() => undefined);
  if (isBackgroundToContent(reply)) configureHook(reply);
}

/** Frames arrive on the port the hook hands over; a newer port replaces the older. */
let framePortFromHook: MessagePort | null = null;

function receiveFrames(port: MessagePort): void {
  framePortFromHook?.close();
  framePortFromHook = port;
  port.onmessage = (event: MessageEvent) => {
    if (isHookToContent(event.data) && event.data.type === 'frame') void forwardFrame(event.data.frame);
    else droppedMessages += 1;
  };
}

window.addEventListener('message', (event: MessageEvent) => {
  if (event.source !== window || (event.data as { source?: unknown })?.source !== 'raut-hook') return;
  if (!isHookToContent(event.data)) {
    droppedMessages += 1;
    return;
  }
  const message = event.data;
  if (message.type === 'camera') {
    const info = currentClassInfo();
    if (info) void sendWithRetry({ type: 'camera', state: message.state, detail: message.detail, info }).catch(() => undefined);
  } else if (message.type === 'frame-port' && event.ports[0]) {
    receiveFrames(event.ports[0]);
  } else {
    droppedMessages += 1; // frames come on the port only
  }
});

browser.runtime.onMessage.addListener((message: unknown) => {
  if (isBackgroundToContent(message)) configureHook(message);
  else droppedMessages += 1;
  return undefined;
});

// Exposed for debugging in the content script's console only (isolated world).
(globalThis as { rautDroppedMessages?: () => number }).rautDroppedMessages = () => droppedMessages;

void announce();
