/**
 * Where a class tab's frames are answered: in the context that hosts the engine (Chromium's
 * offscreen document, Firefox's background page), so a frame crosses extension messaging once.
 * Extension messaging serialises a message at ≈ 30 ns a byte (3.4 ms for a 115 KB frame in the
 * sender alone, Chromium 156); relaying each frame through the service worker paid that twice.
 * The worker still decides every frame: it admits it (with the engine's options) and stores what
 * came of it, both by small messages (EngineToBackground).
 */
import { messageOf } from './error-message';
import type { AnalyseReply, ClassInfo, FrameAdmission, FrameOptions, FrameReply, FrameRequest } from './messages';
import { FRAME_PORT, isFrameRequest } from './messages';
import type { RawFrame } from './frame';
import { answerRequests, type RequestPort } from './request-port';

export interface FrameDesk {
  /** The worker's decision for this tab's next frame. */
  admit(tabId: number, info: ClassInfo): Promise<FrameAdmission>;
  analyse(frame: RawFrame, options: FrameOptions): Promise<AnalyseReply>;
  /** The worker stores the analysis (or notes the engine's failure) and says what the tab gets back. */
  record(tabId: number, info: ClassInfo, time: number, reply: AnalyseReply): Promise<FrameReply>;
}

export async function answerFrame(desk: FrameDesk, tabId: number, request: FrameRequest): Promise<FrameReply> {
  const admission = await desk.admit(tabId, request.info);
  if (!admission.analyse) return { ok: true, stored: false, analysis: null };
  const reply = await desk.analyse(request.frame, admission.options);
  return desk.record(tabId, request.info, request.frame.time, reply);
}

/** The sender of a message or port, as both browsers describe it. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
}

/** The tab of one of Raut's content scripts; undefined for any other sender. */
export function contentScriptTab(sender: Sender | undefined, extensionId: string, extensionUrl: string): number | undefined {
  // Extension pages opened in a tab also carry sender.tab; only content scripts have a web URL.
  if (sender?.id !== extensionId || sender.url?.startsWith(extensionUrl)) return undefined;
  return sender.tab?.id;
}

export interface IncomingPort extends RequestPort {
  name: string;
  sender?: Sender;
  disconnect(): void;
}

/**
 * runtime.onConnect's listener for the engine's host: a content script's FRAME_PORT is answered
 * frame by frame; any other port is counted by `drop` and closed.
 */
export function framePortListener(
  desk: FrameDesk,
  extension: { id: string; url: string },
  drop: (channel: string) => void,
): (port: IncomingPort) => void {
  return (port) => {
    const tabId = contentScriptTab(port.sender, extension.id, extension.url);
    if (port.name !== FRAME_PORT || tabId === undefined) {
      drop('port→engine host');
      port.disconnect();
      return;
    }
    const answer = (request: FrameRequest) =>
      answerFrame(desk, tabId, request).catch((error: unknown): FrameReply => ({
        ok: false,
        error: messageOf(error),
      }));
    answerRequests(port, isFrameRequest, answer, () => drop('content→engine host'));
  };
}
