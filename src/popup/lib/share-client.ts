/** The popup's side of the share-* messages (channel 4): each answer is checked and `ok: false` becomes a thrown Error. */
import browser from 'webextension-polyfill';
import type { PopupToBackground } from '../../shared/messages';
import type { SharePreview, ShareStatus, ShareStatusEntry, ShareStopReply } from '../../shared/sharing';

type ShareMessage = Extract<PopupToBackground, { type: `share-${string}` }>;

async function ask(message: ShareMessage): Promise<Record<string, unknown>> {
  const reply: unknown = await browser.runtime.sendMessage(message);
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw new Error('Raut’s background did not answer. Close and reopen this window to try again.');
  }
  const record = reply as Record<string, unknown>;
  if (record.ok !== true) throw new Error(typeof record.error === 'string' && record.error ? record.error : 'Something went wrong.');
  return record;
}

export async function requestShareStatus(): Promise<ShareStatus> {
  const reply = await ask({ type: 'share-status' });
  const status = reply.status as ShareStatus | undefined;
  if (!status || !Array.isArray(status.consents) || !Array.isArray(status.pendingRevocations)) {
    throw new Error('Raut’s background answered without a sharing status.');
  }
  return status;
}

export async function requestSharePreview(classCode?: string): Promise<SharePreview> {
  const reply = await ask(classCode ? { type: 'share-preview', classCode } : { type: 'share-preview' });
  const preview = reply.preview as SharePreview | undefined;
  if (!preview || typeof preview.body !== 'string') throw new Error('Raut’s background answered without a preview.');
  return preview;
}

export async function joinClass(request: { hubUrl: string; classCode: string; displayName: string }): Promise<ShareStatusEntry> {
  const reply = await ask({ type: 'share-join', ...request });
  return reply.consent as ShareStatusEntry;
}

export type StopResult = Extract<ShareStopReply, { ok: true }>;

export async function stopSharing(classCode: string, deleteOnHub: boolean): Promise<StopResult> {
  return (await ask({ type: 'share-stop', classCode, deleteOnHub })) as StopResult;
}
