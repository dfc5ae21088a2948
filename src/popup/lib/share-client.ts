/** The popup's side of the share-* messages (channel 4): each answer is checked and `ok: false` becomes a thrown Error. */
import browser from 'webextension-polyfill';
import { errorOfText, isDisplayText, localizedError } from '../../shared/i18n';
import type { PopupToBackground } from '../../shared/messages';
import type { SharePreview, ShareRetryReply, ShareStatus, ShareStatusEntry, ShareStopReply } from '../../shared/sharing';

type ShareMessage = Extract<PopupToBackground, { type: `share-${string}` }>;

async function ask(message: ShareMessage): Promise<Record<string, unknown>> {
  const reply: unknown = await browser.runtime.sendMessage(message);
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) {
    throw localizedError('error_noAnswer');
  }
  const record = reply as Record<string, unknown>;
  // The background's refusals arrive as a message (or its own plain words); only a missing one is worded here.
  if (record.ok !== true) throw isDisplayText(record.error) && record.error !== '' ? errorOfText(record.error) : localizedError('common_somethingWrong');
  return record;
}

export async function requestShareStatus(): Promise<ShareStatus> {
  const reply = await ask({ type: 'share-status' });
  const status = reply.status as ShareStatus | undefined;
  if (!status || !Array.isArray(status.consents) || !Array.isArray(status.pendingRevocations)) {
    throw localizedError('error_noShareStatus');
  }
  return status;
}

export async function requestSharePreview(classCode?: string): Promise<SharePreview> {
  const reply = await ask(classCode ? { type: 'share-preview', classCode } : { type: 'share-preview' });
  const preview = reply.preview as SharePreview | undefined;
  if (!preview || typeof preview.body !== 'string') throw localizedError('error_noPreview');
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

export async function forgetClass(classCode: string): Promise<void> {
  await ask({ type: 'share-forget', classCode });
}

export type RetryResult = Extract<ShareRetryReply, { ok: true }>;

/** "Try again now": one sync round that ignores the backoff. */
export async function retrySharing(): Promise<RetryResult> {
  return (await ask({ type: 'share-retry' })) as RetryResult;
}
