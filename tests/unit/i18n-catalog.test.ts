/**
 * _locales/en and _locales/id are one set of messages in two languages (issue 8): the same keys,
 * the same placeholders, in chrome.i18n's format; every key the code asks for exists and every
 * key is asked for somewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LANGUAGES, type MessageCatalog } from '../../src/shared/i18n';
import { LOCALES_DIR, readCatalog } from '../helpers/i18n';

const ROOT = resolve(import.meta.dirname, '../..');
const catalogs = Object.fromEntries(LANGUAGES.map((language) => [language, readCatalog(language)])) as Record<
  (typeof LANGUAGES)[number],
  MessageCatalog
>;
const en = catalogs.en;
const id = catalogs.id;

/** Names and signs that read the same in Indonesian and English; anything else equal in both is untranslated. */
const SAME_IN_BOTH = new Set([
  'extName',
  'platform_meet',
  'platform_zoom',
  'platform_bbb',
  'language_en',
  'language_id',
  'live_backend',
  'mode_label',
  'shareItem_hub',
  'participants_positive',
  'participants_negative',
  'teacher_classOption',
  'textExport_platformLabel',
  'textExport_modelLabel',
  'textExport_backendLabel',
  'textExport_total',
  'backendFallback_reason',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const code = sourceFiles(resolve(ROOT, 'src')).map((file) => ({ file: relative(ROOT, file), text: readFileSync(file, 'utf8') }));
const manifest = readFileSync(resolve(ROOT, 'manifest.json'), 'utf8');

const placeholdersIn = (message: string) => [...message.matchAll(/\$([a-z0-9_@]+)\$/gi)].map((m) => m[1]!.toLowerCase()).sort();

describe('message files', () => {
  it('exist for every language and have exactly the same keys', () => {
    expect(readdirSync(LOCALES_DIR).sort()).toEqual([...LANGUAGES].sort());
    expect(Object.keys(id).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en).length).toBeGreaterThan(200);
  });

  it('declare the same placeholders per key, and use exactly the ones they declare', () => {
    for (const key of Object.keys(en)) {
      const declared = (catalog: MessageCatalog) => Object.keys(catalog[key]?.placeholders ?? {}).map((n) => n.toLowerCase()).sort();
      expect(declared(id), key).toEqual(declared(en));
      expect([...new Set(placeholdersIn(en[key]!.message))], `${key} (en)`).toEqual(declared(en));
      expect([...new Set(placeholdersIn(id[key]!.message))], `${key} (id)`).toEqual(declared(id));
      const contents = (catalog: MessageCatalog) => Object.values(catalog[key]?.placeholders ?? {}).map((p) => p.content);
      expect(contents(id), key).toEqual(contents(en));
    }
  });

  it('follow chrome.i18n rules: key characters, non-empty text, $n placeholder contents', () => {
    for (const [language, catalog] of Object.entries(catalogs)) {
      for (const [key, entry] of Object.entries(catalog)) {
        expect(key, language).toMatch(/^[A-Za-z0-9_@]+$/);
        expect(key.startsWith('@@'), key).toBe(false);
        expect(entry.message.trim(), `${language}:${key}`).not.toBe('');
        expect(entry.message, `${language}:${key}`).toBe(entry.message.trim());
        for (const placeholder of Object.values(entry.placeholders ?? {})) expect(placeholder.content).toMatch(/^\$[1-9]$/);
      }
    }
  });

  it('translate everything except names and signs that read the same in both', () => {
    const same = Object.keys(en).filter((key) => en[key]!.message === id[key]!.message);
    expect(same.sort()).toEqual([...SAME_IN_BOTH].sort());
  });

  it('use the research terms in Indonesian', () => {
    const expressions = ['angry', 'disgust', 'fear', 'happy', 'sad', 'surprise', 'neutral'].map((e) => id[`expression_${e}`]?.message);
    expect(expressions).toEqual(['Marah', 'Jijik', 'Takut', 'Senang', 'Sedih', 'Terkejut', 'Netral']);
    expect(['group_positive', 'group_neutral', 'group_negative'].map((k) => id[k]?.message)).toEqual(['Positif', 'Netral', 'Negatif']);
    expect([id.impression_good?.message, id.impression_bad?.message, id.common_notDetected?.message]).toEqual(['Baik', 'Buruk', 'Tidak terdeteksi']);
    expect(id.impressionRule_rule?.message).toBe('Kesan baik jika ekspresi positif + netral > negatif; selain itu kesan buruk.');
  });
});

describe('message keys in the code', () => {
  const asked = code.flatMap(({ file, text }) =>
    [...text.matchAll(/(?:\bt|localizedError|localizedText|new LocalizedError|getMessage)\(\s*'([^']+)'/g)].map((m) => ({ file, key: m[1]! })),
  );

  it('every key the code asks for exists', () => {
    expect(asked.length).toBeGreaterThan(200);
    expect(asked.filter(({ key }) => !(key in en)).map(({ file, key }) => `${file}: ${key}`)).toEqual([]);
    const manifestKeys = [...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((m) => m[1]!);
    expect(manifestKeys.sort()).toEqual(['commandTogglePause', 'extDescription', 'extName', 'extName', 'extName'].sort());
    expect(manifestKeys.filter((key) => !(key in en))).toEqual([]);
    expect(JSON.parse(manifest).default_locale).toBe('en');
  });

  it('every key is used: as a t() argument, a key in a label map, or a manifest field', () => {
    // A key counts as used where it is written as a quoted string (t('…'), maps of MessageKey) or as __MSG_…__.
    const quoted = new Set(code.flatMap(({ text }) => [...text.matchAll(/'([A-Za-z0-9_@]+)'/g)].map((m) => m[1]!)));
    const inManifest = new Set([...manifest.matchAll(/__MSG_([A-Za-z0-9_@]+)__/g)].map((m) => m[1]!));
    expect(Object.keys(en).filter((key) => !quoted.has(key) && !inManifest.has(key))).toEqual([]);
  });
});
