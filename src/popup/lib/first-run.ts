import browser from 'webextension-polyfill';
import { isRecord } from '../../shared/validate';

const FIRST_RUN_KEY = 'firstRun';

export async function hasAcknowledgedFirstRun(): Promise<boolean> {
  const stored = await browser.storage.local.get(FIRST_RUN_KEY);
  const value = stored[FIRST_RUN_KEY];
  return isRecord(value) && value.firstRunAcknowledged === true;
}

export async function acknowledgeFirstRun(): Promise<void> {
  await browser.storage.local.set({ [FIRST_RUN_KEY]: { firstRunAcknowledged: true } });
}
