/** The popup's side of channel 4 (popup → background). */
import browser from 'webextension-polyfill';
import { localizedError } from '../../shared/i18n';
import type { PopupToBackground } from '../../shared/messages';
import type { LiveStatus } from '../../shared/types';
import { isLiveStatus } from './live-status-guard';

export async function requestLiveStatus(): Promise<LiveStatus> {
  const reply: unknown = await browser.runtime.sendMessage({ type: 'get-status' } satisfies PopupToBackground);
  if (!isLiveStatus(reply)) throw localizedError('error_noStatus');
  return reply;
}

export async function tellBackground(message: Exclude<PopupToBackground, { type: 'get-status' }>): Promise<void> {
  await browser.runtime.sendMessage(message);
}
