/**
 * Chromium's engine channel: the offscreen document that hosts the inference engine. Created and
 * warmed when a class page opens (or on the first frame), kept while classes run; it survives
 * service-worker restarts on its own.
 */
import browser from 'webextension-polyfill';
import type { EngineChannel } from './engine-host';

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

export const offscreenDocumentChannel: EngineChannel = {
  async send(request) {
    await ensureEngineDocument();
    return browser.runtime.sendMessage(request);
  },
  ask: (request) => browser.runtime.sendMessage(request),
  isRunning: documentExists,
};
