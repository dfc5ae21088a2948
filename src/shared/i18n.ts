/**
 * Raut's words in Bahasa Indonesia and English. The only copy of every user-facing string is in
 * _locales/<language>/messages.json (chrome.i18n's format); this module picks the language and
 * resolves a message with its placeholders. No browser APIs here, so shared code (the text
 * export) and Node tests can use it; i18n-browser.ts loads the files inside the extension.
 */
import { createFormat, type Format } from './i18n-format';

export const LANGUAGES = ['en', 'id'] as const;
export type Language = (typeof LANGUAGES)[number];
/** "auto" follows the browser's language. */
export type LanguageSetting = Language | 'auto';
export const LANGUAGE_SETTINGS: readonly LanguageSetting[] = ['auto', ...LANGUAGES];
/** What a browser in any other language gets (the manifest's default_locale). */
export const DEFAULT_LANGUAGE: Language = 'en';

/** One entry of a messages.json file. */
export interface MessageEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type MessageCatalog = Record<string, MessageEntry>;

/** The English file is the reference: its keys and placeholders type every call. */
type Reference = typeof import('../../_locales/en/messages.json');
export type MessageKey = keyof Reference & string;
type PlaceholderName<K extends MessageKey> = Reference[K] extends { placeholders: infer P } ? keyof P & string : never;
export type MessageParams<K extends MessageKey> = [PlaceholderName<K>] extends [never]
  ? []
  : [params: Record<PlaceholderName<K>, string | number>];
export type Translate = <K extends MessageKey>(key: K, ...params: MessageParams<K>) => string;

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((language) => language === value);
}

export function isLanguageSetting(value: unknown): value is LanguageSetting {
  return LANGUAGE_SETTINGS.some((setting) => setting === value);
}

/** "id-ID" or "in" (Java's old code for Indonesian) → id; "en-GB" → en; anything else → the default. */
export function languageOfTag(tag: string): Language {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (primary === 'in') return 'id';
  return isLanguage(primary) ? primary : DEFAULT_LANGUAGE;
}

export function resolveLanguage(setting: LanguageSetting, browserLanguage: string): Language {
  return setting === 'auto' ? languageOfTag(browserLanguage) : setting;
}

/**
 * The locale for Intl: the browser's own tag when it is in the chosen language (so an en-GB
 * browser keeps its 24-hour clock), otherwise the language's main region.
 */
export function intlLocale(language: Language, browserLanguage: string): string {
  if (languageOfTag(browserLanguage) === language && /^[a-z]{2}(-[a-z0-9]+)*$/i.test(browserLanguage)) {
    return browserLanguage.replace(/^in\b/i, 'id');
  }
  return language === 'id' ? 'id-ID' : 'en';
}

/** Checks a parsed messages.json; a file of another shape is refused with the reason. */
export function parseCatalog(raw: unknown, source: string): MessageCatalog {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${source} is not a JSON object of messages`);
  for (const [key, entry] of Object.entries(raw)) {
    const ok =
      typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as MessageEntry).message === 'string' &&
      ((entry as MessageEntry).placeholders === undefined || typeof (entry as MessageEntry).placeholders === 'object');
    if (!ok) throw new Error(`${source}: the message "${key}" has no text`);
  }
  return raw as MessageCatalog;
}

/**
 * chrome.i18n's substitution rules, with values given by placeholder name: "$name$" becomes the
 * value of placeholder `name` (names are case-insensitive), "$$" a literal "$". An unknown or
 * unfilled placeholder is left as written, so a mistake shows instead of vanishing.
 */
export function resolveMessage(entry: MessageEntry, params: Record<string, string | number> = {}): string {
  const values = new Map(Object.entries(params).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const declared = new Set(Object.keys(entry.placeholders ?? {}).map((name) => name.toLowerCase()));
  return entry.message.replace(/\$\$|\$([a-z0-9_@]+)\$/gi, (match, name: string | undefined) => {
    if (name === undefined) return '$';
    const key = name.toLowerCase();
    return declared.has(key) && values.has(key) ? values.get(key)! : match;
  });
}

/** A message in `catalog`, else in `fallback` (a key missing in one language), else the key itself. */
export function createTranslator(catalog: MessageCatalog, fallback: MessageCatalog = catalog): Translate {
  return ((key: MessageKey, params?: Record<string, string | number>) => {
    const entry = catalog[key] ?? fallback[key];
    return entry ? resolveMessage(entry, params) : key;
  }) as Translate;
}

/** Everything a view needs to speak one language: the words, and Intl formatting for it. */
export interface Localizer {
  language: Language;
  /** BCP 47 tag for Intl and the page's lang attribute. */
  locale: string;
  t: Translate;
  format: Format;
}

export function createLocalizer(language: Language, locale: string, catalog: MessageCatalog, fallback?: MessageCatalog): Localizer {
  return { language, locale, t: createTranslator(catalog, fallback), format: createFormat(language, locale) };
}

/** A placeholder's value: plain text shown as it is (a hub's own reply, an HTTP status), another message, or a list of them. */
export type TextParam = string | number | LocalizedText | readonly TextParam[];

/**
 * A message worded where it is shown, in that page's language. Plain data, so the background can
 * store it (chrome.storage) and send it (runtime messages), and the popup says it in its own language.
 */
export interface LocalizedText {
  key: MessageKey;
  params?: Record<string, TextParam>;
}

/** A reason from elsewhere: a LocalizedText, or plain text (an earlier version's stored English, a technical detail) shown as it is. */
export type DisplayText = LocalizedText | string;

export type TextParams<K extends MessageKey> = [PlaceholderName<K>] extends [never] ? [] : [params: Record<PlaceholderName<K>, TextParam>];

/** A LocalizedText with its placeholders checked like a t() call (values may be messages themselves). */
export function localizedText<K extends MessageKey>(key: K, ...params: TextParams<K>): LocalizedText {
  return params[0] === undefined ? { key } : { key, params: params[0] };
}

/** Deep enough for a reason inside a reason inside a list; anything deeper is not ours. */
const MAX_TEXT_DEPTH = 6;

function isTextParam(value: unknown, depth: number): value is TextParam {
  if (typeof value === 'string' || typeof value === 'number') return true;
  if (depth >= MAX_TEXT_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isTextParam(item, depth + 1));
  return isLocalizedTextAt(value, depth + 1);
}

function isLocalizedTextAt(value: unknown, depth: number): value is LocalizedText {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { key, params } = value as { key?: unknown; params?: unknown };
  if (typeof key !== 'string' || key === '') return false;
  if (params === undefined) return true;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return false;
  return Object.values(params).every((param) => isTextParam(param, depth));
}

export function isLocalizedText(value: unknown): value is LocalizedText {
  return isLocalizedTextAt(value, 0);
}

export function isDisplayText(value: unknown): value is DisplayText {
  return typeof value === 'string' || isLocalizedText(value);
}

const LIST_SEPARATOR = '; ';

function wordParam(value: TextParam, t: Translate): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map((item: TextParam) => wordParam(item, t)).join(LIST_SEPARATOR);
  return localize(value as LocalizedText, t);
}

/**
 * The words for a DisplayText in the page's language; plain text is shown as it is. A value of
 * another shape (a damaged stored value) reads as "something went wrong" rather than breaking the page.
 */
export function localize(text: DisplayText, t: Translate): string {
  if (typeof text === 'string') return text;
  if (!isLocalizedText(text)) return t('common_somethingWrong');
  const params = Object.fromEntries(Object.entries(text.params ?? {}).map(([name, value]) => [name, wordParam(value, t)]));
  return (t as (key: MessageKey, params: Record<string, string>) => string)(text.key, params);
}

/**
 * An error whose text is a message, so each page shows it in its own language. `message` holds
 * the key and values, for logs.
 */
export class LocalizedError extends Error {
  override name = 'LocalizedError';
  constructor(
    readonly key: MessageKey,
    readonly params: Record<string, TextParam> = {},
  ) {
    super(Object.keys(params).length > 0 ? `${key} ${JSON.stringify(params)}` : key);
  }

  /** The same message as plain data, to store or send. */
  get text(): LocalizedText {
    return Object.keys(this.params).length > 0 ? { key: this.key, params: this.params } : { key: this.key };
  }
}

/** A LocalizedError with its placeholders checked like a t() call. */
export function localizedError<K extends MessageKey>(key: K, ...params: TextParams<K>): LocalizedError {
  return new LocalizedError(key, params[0]);
}

/** What to store or send about any failure: a LocalizedError's message, another error's own words. */
export function textOfError(error: unknown): DisplayText {
  if (error instanceof LocalizedError) return error.text;
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : localizedText('common_somethingWrong');
}

/** The failure a DisplayText describes, to throw where it arrives (a LocalizedError for a message). */
export function errorOfText(text: DisplayText): Error {
  return typeof text === 'string' ? new Error(text) : new LocalizedError(text.key, text.params);
}

/** The words for any failure: a LocalizedError in the page's language, another error's own message. */
export function describeError(error: unknown, t: Translate): string {
  return localize(textOfError(error), t);
}
