/** Local retention: sessions older than the setting are really deleted, checked every few hours. */
import browser from 'webextension-polyfill';
import { loadSettings } from '../shared/settings';
import { deleteSessionsOlderThan, retentionCutoff, type RautDb } from '../shared/storage';

export const RETENTION_ALARM = 'raut-retention';
const CHECK_EVERY_MINUTES = 6 * 60;

export async function scheduleRetention(): Promise<void> {
  const existing = await browser.alarms.get(RETENTION_ALARM);
  if (!existing) browser.alarms.create(RETENTION_ALARM, { periodInMinutes: CHECK_EVERY_MINUTES, delayInMinutes: 1 });
}

export async function applyRetention(db: RautDb, now = Date.now()): Promise<number> {
  const { retentionDays } = await loadSettings();
  return deleteSessionsOlderThan(db, retentionCutoff(now, retentionDays));
}
