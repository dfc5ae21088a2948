/**
 * Wires sharing into the service worker: the one-minute sync alarm (only while there is a
 * consent or an unconfirmed deletion, so a student who never shares is never woken for it)
 * and the popup's share-* messages.
 */
import browser from 'webextension-polyfill';
import { textOfError } from '../../shared/i18n';
import type { PopupToBackground } from '../../shared/messages';
import { meetingPrefix, type ShareForgetReply, type ShareJoinReply, type ShareRetryReply, type SharePreviewReply, type ShareStatusReply, type ShareStopReply } from '../../shared/sharing';
import { getSession, type RautDb } from '../../shared/storage';
import type { ManagedPolicy } from '../policy';
import { browserLocalStore } from './browser-kv';
import { ShareSync } from './sync';

export const SHARE_ALARM = 'raut-share-sync';

export function createShareSync(db: () => Promise<RautDb>, policy: ManagedPolicy): ShareSync {
  return new ShareSync({ db, kv: browserLocalStore, sharingAllowed: async () => !(await policy.read()).policy.disableSharing });
}

/** Keeps the alarm in step with whether there is anything to sync. MV3 allows 30 s at least; we use 1 min. */
export async function updateShareAlarm(sync: ShareSync): Promise<void> {
  const wanted = await sync.hasWork();
  const existing = await browser.alarms.get(SHARE_ALARM);
  if (wanted && !existing) await browser.alarms.create(SHARE_ALARM, { periodInMinutes: 1 });
  if (!wanted && existing) await browser.alarms.clear(SHARE_ALARM);
}

/** Sync round from an alarm or a session end; failures are kept in the consents' lastError. */
export async function syncInBackground(sync: ShareSync): Promise<void> {
  try {
    await sync.syncNow();
  } catch (error) {
    console.warn('[Raut] sharing sync failed:', error);
  }
  await updateShareAlarm(sync).catch(() => undefined);
}

type ShareMessage = Extract<PopupToBackground, { type: 'share-join' | 'share-preview' | 'share-stop' | 'share-status' | 'share-forget' | 'share-retry' }>;

export function isShareMessage(message: PopupToBackground): message is ShareMessage {
  return message.type.startsWith('share-');
}

const failed = (error: unknown) => ({ ok: false as const, error: textOfError(error) });

/**
 * `currentSessionId`: the live class's session (LiveStatus.sessionId), used to bind a new consent
 * to that meeting's address and to build the preview.
 */
export async function handleShareMessage(
  sync: ShareSync,
  db: () => Promise<RautDb>,
  message: ShareMessage,
  currentSessionId: string | null,
): Promise<ShareJoinReply | SharePreviewReply | ShareStopReply | ShareStatusReply | ShareForgetReply | ShareRetryReply> {
  try {
    const session = currentSessionId ? await getSession(await db(), currentSessionId) : undefined;
    switch (message.type) {
      case 'share-join': {
        const sessionUrlPrefix = (session ? meetingPrefix(session.url) : null) ?? undefined;
        const consent = await sync.join(message.hubUrl, message.classCode, message.displayName, { sessionUrlPrefix });
        await updateShareAlarm(sync);
        return { ok: true, consent };
      }
      case 'share-preview':
        return { ok: true, preview: await sync.preview({ classCode: message.classCode, sessionId: currentSessionId }) };
      case 'share-stop': {
        const result = await sync.revoke(message.classCode, { deleteOnHub: message.deleteOnHub });
        await updateShareAlarm(sync);
        return { ok: true, ...result };
      }
      case 'share-status':
        return { ok: true, status: await sync.status(session?.url ?? null) };
      case 'share-forget':
        return { ok: true, forgotten: await sync.forget(message.classCode) };
      case 'share-retry': {
        const report = await sync.syncNow({ force: true });
        await updateShareAlarm(sync);
        return { ok: true, uploaded: report.uploaded, errors: report.errors };
      }
    }
  } catch (error) {
    return failed(error);
  }
}
