/**
 * Chromium's engine channel: the offscreen document that hosts the inference engine. Created and
 * warmed when a class page opens (or on the first frame), kept while classes run; it survives
 * service-worker restarts on its own.
 *
 * Requests go on the port the document opens to this worker. Until it has opened one (a new
 * document, or a worker that started anew) a request goes by runtime message, and the document
 * opens the port as it answers: it never listens for connections itself (see ENGINE_PORT).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import type { EngineChannel } from './engine-host';
import type { BackgroundToOffscreen } from '../shared/messages';
import { PortRequester } from '../shared/request-port';

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

let enginePort: PortRequester<BackgroundToOffscreen> | null = null;

/** Takes the engine document's port (ENGINE_PORT); false when it comes from anywhere else. */
export function acceptEnginePort(port: Runtime.Port): boolean {
  const sender = port.sender;
  if (sender?.id !== browser.runtime.id || sender.tab || sender.url !== browser.runtime.getURL(DOCUMENT_PATH)) return false;
  enginePort = new PortRequester(port);
  return true;
}

/** Hands the request to a running document; a document closed before it answered answers undefined. */
function ask(request: BackgroundToOffscreen): Promise<unknown> {
  if (enginePort?.isOpen) return enginePort.request(request).catch(() => undefined);
  return browser.runtime.sendMessage(request);
}

export const offscreenDocumentChannel: EngineChannel = {
  async send(request) {
    await ensureEngineDocument();
    return ask(request);
  },
  ask,
  isRunning: documentExists,
};
