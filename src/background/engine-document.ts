/**
 * Chromium's engine channel: the offscreen document that hosts the inference engine. Created and
 * warmed when a class page opens (or when a content script's frame port finds no engine), kept
 * while classes run; it survives service-worker restarts on its own. The worker's requests (warm,
 * engine-status) go by runtime message: they are small, and the frames go to the document directly.
 * The document's per-frame questions come by runtime message until this worker has opened a port
 * to it (WORKER_PORT, ../offscreen/worker-link.ts), then on that port.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { EngineChannel } from './engine-host';
import { isEngineToBackground, WORKER_PORT, type BackgroundToOffscreen, type EngineToBackground } from '../shared/messages';
import { answerRequests } from '../shared/request-port';

const DOCUMENT_PATH = 'src/offscreen/offscreen.html';
let creating: Promise<void> | null = null;

async function documentExists(): Promise<boolean> {
  const url = browser.runtime.getURL(DOCUMENT_PATH);
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [url] });
  return contexts.length > 0;
}

async function ensureEngineDocument(): Promise<void> {
  if (await documentExists()) return;
  creating ??= chrome.offscreen
    .createDocument({
      url: DOCUMENT_PATH,
      reasons: ['USER_MEDIA' as chrome.offscreen.Reason],
      justification: 'Analyse frames of the class camera with a local expression model',
    })
    .catch((error: unknown) => {
      // Two callers racing: the second sees "Only a single offscreen document may be created".
      if (!String(error).includes('single offscreen')) throw error;
    })
    .finally(() => {
      creating = null;
    });
  await creating;
}

/** The engine document, and nothing else, as the sender of a message. */
export function isEngineDocument(sender: Runtime.MessageSender | undefined): boolean {
  return sender?.id === browser.runtime.id && !sender.tab && sender.url === browser.runtime.getURL(DOCUMENT_PATH);
}

let portToDocument: Runtime.Port | null = null;

/**
 * Called when the engine document asked by runtime message: opens the port its next questions
 * take, unless one is open. Only the engine document listens for connections, so only it gets it.
 */
export function openPortToEngineDocument(answer: (question: EngineToBackground) => Promise<unknown>, drop: () => void): void {
  if (portToDocument) return;
  const port = browser.runtime.connect({ name: WORKER_PORT });
  portToDocument = port;
  port.onDisconnect.addListener(() => {
    if (portToDocument === port) portToDocument = null; // the document closed: it asks by message again
  });
  answerRequests(port, isEngineToBackground, answer, drop);
}

/** Hands the request to a running document; undefined when none answers. */
function ask(request: BackgroundToOffscreen): Promise<unknown> {
  return browser.runtime.sendMessage(request).catch(() => undefined);
}

export const offscreenDocumentChannel: EngineChannel = {
  start: ensureEngineDocument,
  async send(request) {
    await ensureEngineDocument();
    return ask(request);
  },
  ask,
  isRunning: documentExists,
};
