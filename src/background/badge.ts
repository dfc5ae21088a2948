/**
 * The toolbar badge: the visible sign that Raut is analysing (privacy rule 2).
 * "ON" on a tab whose class camera is being analysed, "II" everywhere while paused. The tooltip
 * is in the language chosen in Settings, and follows a change of it at once.
 */
import browser from 'webextension-polyfill';
import type { LanguageSetting, MessageKey, Translate } from '../shared/i18n';
import { loadLocalizer } from '../shared/i18n-browser';
import { loadSettings, onSettingsChanged } from '../shared/settings';

export type BadgeState = 'analysing' | 'paused' | 'idle' | 'error';

/** The badge text is a sign, not a word: the same in every language. */
const LOOK: Record<BadgeState, { text: string; color: string; title: MessageKey }> = {
  analysing: { text: 'ON', color: '#1b7f4c', title: 'badge_analysing' },
  paused: { text: 'II', color: '#a86400', title: 'badge_paused' },
  idle: { text: '', color: '#5f6368', title: 'badge_idle' },
  error: { text: '!', color: '#b3261e', title: 'badge_error' },
};

/** What each tab (and the default, key -1) shows now: frames arrive every second, the badge rarely changes. */
const shown = new Map<number, BadgeState>();

let language: LanguageSetting | null = null;
let translator: Promise<Translate> | null = null;

function loadTranslator(setting: Promise<LanguageSetting>): Promise<Translate> {
  return setting
    .then(loadLocalizer)
    .then(({ t }) => t)
    .catch((error: unknown) => {
      translator = null; // try again with the next badge change
      throw error;
    });
}

function translate(): Promise<Translate> {
  translator ??= loadTranslator(
    loadSettings().then(
      (settings) => (language = settings.language),
      () => 'auto' as const,
    ),
  );
  return translator;
}

async function setTitle(state: BadgeState, tabId: number | undefined): Promise<void> {
  const t = await translate();
  await browser.action.setTitle({ ...(tabId === undefined ? {} : { tabId }), title: t(LOOK[state].title) });
}

export async function showBadge(state: BadgeState, tabId?: number): Promise<void> {
  const key = tabId ?? -1;
  if (shown.get(key) === state) return;
  shown.set(key, state);
  const look = LOOK[state];
  const where = tabId === undefined ? {} : { tabId };
  await Promise.all([
    browser.action.setBadgeText({ ...where, text: look.text }),
    browser.action.setBadgeBackgroundColor({ ...where, color: look.color }),
    setTitle(state, tabId),
  ]).catch(() => shown.delete(key)); // the tab may have closed meanwhile
}

/** A tab that navigated or closed starts from a blank badge. */
export function forgetBadge(tabId: number): void {
  shown.delete(tabId);
}

// A new language re-words every tooltip on show now; the badge texts and colours stay.
onSettingsChanged((settings) => {
  if (language === null || settings.language === language) return;
  language = settings.language;
  translator = loadTranslator(Promise.resolve(settings.language));
  for (const [key, state] of shown) {
    void setTitle(state, key === -1 ? undefined : key).catch(() => shown.delete(key));
  }
});
