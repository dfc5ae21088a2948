/** Raut's own message files, read from disk, as the extension's pages read them (for Node tests). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createLocalizer, DEFAULT_LANGUAGE, parseCatalog, type Language, type Localizer, type MessageCatalog } from '../../src/shared/i18n';

export const LOCALES_DIR = resolve(import.meta.dirname, '../../_locales');

export function readCatalog(language: Language): MessageCatalog {
  const path = resolve(LOCALES_DIR, language, 'messages.json');
  return parseCatalog(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** English with an en-GB clock unless told otherwise, so expectations do not depend on the machine's locale. */
export function localizerFor(language: Language, locale = language === 'id' ? 'id-ID' : 'en-GB'): Localizer {
  return createLocalizer(language, locale, readCatalog(language), readCatalog(DEFAULT_LANGUAGE));
}
