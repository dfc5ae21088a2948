/**
 * The offscreen document that hosts the inference engine in Chromium. Created and warmed when a class
 * page opens (or on the first frame), kept while classes run; it survives service-worker restarts on its own.
 */
import browser from 'webextension-polyfill';
import { OFFSCREEN_TARGET, type AnalyseReply, type BackgroundToOffscreen } from '../shared/messages';
import type { RawFrame } from '../shared/frame';
import type { EngineStatus } from '../shared/types';

const DOCUMENT_PATH = 'src/offscreen/offscreen.html';
let creating: Promise<void> | null = null;

async function documentExists(): Promise<boolean> {
  const url = browser.runtime.getURL(DOCUMENT_PATH);
  const contexts = await chrome.runtime.getContexts({ contextTypes: ['OFFSCREEN_DOCUMENT' as chrome.runtime.ContextType], documentUrls: [url] });
  return contexts.length > 0;
}

export async function ensureEngineDocument(): Promise<void> {
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

/** What rides with each frame besides the frame itself (see BackgroundToOffscreen). */
export type EngineFrameOptions = Pick<Extract<BackgroundToOffscreen, { type: 'analyse' }>, 'backend' | 'attentionOnly' | 'calibration'>;

export async function analyseInEngine(frame: RawFrame, options: EngineFrameOptions): Promise<AnalyseReply> {
  await ensureEngineDocument();
  const message: BackgroundToOffscreen = { target: OFFSCREEN_TARGET, type: 'analyse', frame, ...options };
  const reply = (await browser.runtime.sendMessage(message)) as AnalyseReply | undefined;
  if (!reply) return { ok: false, error: 'the engine did not answer', engine: engineUnavailable('the engine did not answer') };
  return reply;
}

/** Creates the engine's document and has it load its models, without waiting for them. */
export async function warmEngine(options: Omit<EngineFrameOptions, 'calibration'>): Promise<void> {
  await ensureEngineDocument();
  const message: BackgroundToOffscreen = { target: OFFSCREEN_TARGET, type: 'warm', ...options };
  await browser.runtime.sendMessage(message);
}

export async function engineStatus(): Promise<EngineStatus> {
  if (!(await documentExists())) return { state: 'idle', backend: null, message: null, modelId: null };
  const message: BackgroundToOffscreen = { target: OFFSCREEN_TARGET, type: 'engine-status' };
  const status = (await browser.runtime.sendMessage(message).catch(() => undefined)) as EngineStatus | undefined;
  // A document that exists but does not answer yet is still starting its scripts.
  return status ?? { state: 'loading', backend: null, message: 'starting the engine', modelId: null };
}

function engineUnavailable(message: string): EngineStatus {
  return { state: 'error', backend: null, message, modelId: null };
}
