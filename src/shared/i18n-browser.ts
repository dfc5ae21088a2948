/**
 * Loads the packaged _locales/<language>/messages.json (the files chrome.i18n reads) for the
 * language the student chose, so a language picked in Settings uses the very same strings.
 * Used by the popup, the dashboard and the background's badge.
 */
import browser from 'webextension-polyfill';
import {
  DEFAULT_LANGUAGE,
  createLocalizer,
  intlLocale,
  parseCatalog,
  resolveLanguage,
  type Language,
  type LanguageSetting,
  type Localizer,
  type MessageCatalog,
} from './i18n';

const catalogs = new Map<Language, Promise<MessageCatalog>>();

async function fetchCatalog(language: Language): Promise<MessageCatalog> {
  const path = `_locales/${language}/messages.json`;
  const response = await fetch(browser.runtime.getURL(path));
  if (!response.ok) throw new Error(`${path} could not be read (HTTP ${response.status})`);
  return parseCatalog(await response.json(), path);
}

/** Each file is read once per page; a failed read is tried again next time. */
function loadCatalog(language: Language): Promise<MessageCatalog> {
  let loading = catalogs.get(language);
  if (!loading) {
    loading = fetchCatalog(language).catch((error: unknown) => {
      catalogs.delete(language);
      throw error;
    });
    catalogs.set(language, loading);
  }
  return loading;
}

/** The browser's UI language ("id", "en-GB", …). */
export function browserLanguage(): string {
  return browser.i18n.getUILanguage();
}

/**
 * The words and formats for `setting`. English backs up any message missing in another
 * language; when the chosen file cannot be read at all, English is used instead of nothing.
 */
export async function loadLocalizer(setting: LanguageSetting): Promise<Localizer> {
  const uiLanguage = browserLanguage();
  const language = resolveLanguage(setting, uiLanguage);
  const fallback = await loadCatalog(DEFAULT_LANGUAGE);
  if (language === DEFAULT_LANGUAGE) return createLocalizer(language, intlLocale(language, uiLanguage), fallback);
  try {
    return createLocalizer(language, intlLocale(language, uiLanguage), await loadCatalog(language), fallback);
  } catch (error) {
    console.warn(`Raut: ${language} messages unavailable, using ${DEFAULT_LANGUAGE}:`, error);
    return createLocalizer(DEFAULT_LANGUAGE, intlLocale(DEFAULT_LANGUAGE, uiLanguage), fallback);
  }
}
