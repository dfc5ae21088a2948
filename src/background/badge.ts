/**
 * The toolbar badge: the visible sign that Raut is analysing (privacy rule 2).
 * "ON" on a tab whose class camera is being analysed, "II" everywhere while paused.
 */
import browser from 'webextension-polyfill';

export type BadgeState = 'analysing' | 'paused' | 'idle' | 'error';

const LOOK: Record<BadgeState, { text: string; color: string; title: string }> = {
  analysing: { text: 'ON', color: '#1b7f4c', title: 'Raut is analysing your class camera on this device. Open to see or pause (Alt+Shift+R).' },
  paused: { text: 'II', color: '#a86400', title: 'Raut is paused: nothing is analysed. Open to resume (Alt+Shift+R).' },
  idle: { text: '', color: '#5f6368', title: 'Raut: not analysing (no class camera in this tab).' },
  error: { text: '!', color: '#b3261e', title: 'Raut cannot analyse: open for details.' },
};

/** What each tab (and the default, key -1) shows now: frames arrive every second, the badge rarely changes. */
const shown = new Map<number, BadgeState>();

export async function showBadge(state: BadgeState, tabId?: number): Promise<void> {
  const key = tabId ?? -1;
  if (shown.get(key) === state) return;
  shown.set(key, state);
  const look = LOOK[state];
  const where = tabId === undefined ? {} : { tabId };
  await Promise.all([
    browser.action.setBadgeText({ ...where, text: look.text }),
    browser.action.setBadgeBackgroundColor({ ...where, color: look.color }),
    browser.action.setTitle({ ...where, title: look.title }),
  ]).catch(() => shown.delete(key)); // the tab may have closed meanwhile
}

/** A tab that navigated or closed starts from a blank badge. */
export function forgetBadge(tabId: number): void {
  shown.delete(tabId);
}
