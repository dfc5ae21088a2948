/** The translator (placeholders, fallback, language choice) and Intl formatting in both languages. */
import { describe, expect, it } from 'vitest';
import {
  createTranslator,
  describeError,
  errorOfText,
  intlLocale,
  isDisplayText,
  isLocalizedText,
  languageOfTag,
  LocalizedError,
  localizedError,
  localize,
  localizedText,
  parseCatalog,
  resolveLanguage,
  resolveMessage,
  textOfError,
  type MessageCatalog,
} from '../../src/shared/i18n';
import { createFormat } from '../../src/shared/i18n-format';
import { localizerFor } from '../helpers/i18n';

const en = localizerFor('en');
const id = localizerFor('id');

describe('resolveMessage', () => {
  const entry = {
    message: 'Stopped sharing with class $code$ ($Code$), costs $$5: $missing$',
    placeholders: { code: { content: '$1' }, missing: { content: '$2' } },
  };

  it('fills placeholders by name, case-insensitively, and turns $$ into $', () => {
    expect(resolveMessage(entry, { CODE: 'ABC', missing: 3 })).toBe('Stopped sharing with class ABC (ABC), costs $5: 3');
  });

  it('leaves an unfilled or undeclared placeholder visible instead of dropping it', () => {
    expect(resolveMessage(entry, { code: 'ABC' })).toBe('Stopped sharing with class ABC (ABC), costs $5: $missing$');
    expect(resolveMessage({ message: 'Hi $name$' }, { name: 'x' })).toBe('Hi $name$');
  });

  it('does not substitute again inside a value', () => {
    expect(resolveMessage(entry, { code: '$missing$', missing: 'M' })).toBe('Stopped sharing with class $missing$ ($missing$), costs $5: M');
  });
});

describe('createTranslator', () => {
  const english: MessageCatalog = { a_one: { message: 'One' }, a_two: { message: 'Two $n$', placeholders: { n: { content: '$1' } } } };
  const partial: MessageCatalog = { a_one: { message: 'Satu' } };

  it('reads the catalog, falls back to English for a missing message, and to the key itself last', () => {
    const t = createTranslator(partial, english) as (key: string, params?: Record<string, string | number>) => string;
    expect(t('a_one')).toBe('Satu');
    expect(t('a_two', { n: 2 })).toBe('Two 2');
    expect(t('a_three')).toBe('a_three');
  });

  it('speaks each language from its own file', () => {
    expect(en.t('share_joined', { code: 'ABCDEF2345', name: 'Kim' })).toBe('Sharing with class ABCDEF2345 as “Kim”.');
    expect(id.t('share_joined', { code: 'ABCDEF2345', name: 'Kim' })).toBe('Berbagi dengan kelas ABCDEF2345 sebagai “Kim”.');
    expect(id.t('expression_surprise')).toBe('Terkejut');
    expect(id.t('impression_bad')).toBe('Buruk');
  });
});

describe('language choice', () => {
  it('maps browser tags to a supported language', () => {
    expect(languageOfTag('id')).toBe('id');
    expect(languageOfTag('id-ID')).toBe('id');
    expect(languageOfTag('in')).toBe('id');
    expect(languageOfTag('en-GB')).toBe('en');
    expect(languageOfTag('fr-FR')).toBe('en');
    expect(languageOfTag('')).toBe('en');
  });

  it('follows the browser for "auto" and the setting otherwise', () => {
    expect(resolveLanguage('auto', 'id-ID')).toBe('id');
    expect(resolveLanguage('auto', 'de')).toBe('en');
    expect(resolveLanguage('en', 'id-ID')).toBe('en');
    expect(resolveLanguage('id', 'en-US')).toBe('id');
  });

  it('keeps the browser’s regional locale when it is in the chosen language', () => {
    expect(intlLocale('en', 'en-GB')).toBe('en-GB');
    expect(intlLocale('id', 'en-GB')).toBe('id-ID');
    expect(intlLocale('en', 'id')).toBe('en');
    expect(intlLocale('id', 'in-ID')).toBe('id-ID');
    expect(intlLocale('id', 'id')).toBe('id');
  });
});

describe('parseCatalog', () => {
  it('accepts a messages.json and refuses other shapes with the reason', () => {
    expect(parseCatalog({ a: { message: 'x' } }, 'f.json')).toEqual({ a: { message: 'x' } });
    expect(() => parseCatalog([], 'f.json')).toThrow('f.json is not a JSON object of messages');
    expect(() => parseCatalog({ a: { text: 'x' } }, 'f.json')).toThrow('f.json: the message "a" has no text');
  });
});

describe('describeError', () => {
  it('words a LocalizedError in the reader’s language and passes other errors on', () => {
    const error = localizedError('hosts_notAllowed', { host: 'bbb.school.id' });
    expect(error).toBeInstanceOf(LocalizedError);
    expect(error.message).toBe('hosts_notAllowed {"host":"bbb.school.id"}');
    expect(describeError(error, en.t)).toBe('Access to bbb.school.id was not allowed, so it was not added.');
    expect(describeError(error, id.t)).toBe('Akses ke bbb.school.id tidak diizinkan, jadi situs itu tidak ditambahkan.');
    expect(describeError(new Error('fetch failed'), id.t)).toBe('fetch failed');
    expect(describeError(undefined, id.t)).toBe('Terjadi kesalahan.');
  });
});

describe('LocalizedText', () => {
  const unreachable = localizedText('shareError_unreachable', {
    url: 'https://hub.school.id',
    reason: localizedText('shareError_noAnswerWithin', { seconds: 15 }),
  });

  it('is plain data: it survives storage and runtime messages unchanged', () => {
    expect(JSON.parse(JSON.stringify(unreachable))).toEqual(unreachable);
    expect(localizedText('common_somethingWrong')).toEqual({ key: 'common_somethingWrong' });
  });

  it('is worded where it is shown, messages inside messages included', () => {
    expect(localize(unreachable, en.t)).toBe('the hub at https://hub.school.id could not be reached (no answer within 15 s); Raut will try again');
    expect(localize(unreachable, id.t)).toBe('hub di https://hub.school.id tidak dapat dihubungi (tidak ada jawaban dalam 15 detik); Raut akan mencoba lagi');
  });

  it('lists several reasons with "; "', () => {
    const reasons = [localizedText('backendFallback_reason', { backend: 'webgpu', reason: localizedText('backendFallback_noWebgpu') }), 'webgl: lost'];
    expect(localize(localizedText('engine_noBackend', { reasons }), id.t)).toBe(
      'tidak ada backend TensorFlow.js yang bisa berjalan di sini (webgpu: WebGPU tidak tersedia di peramban ini; webgl: lost)',
    );
  });

  it('shows plain text as it is, and a damaged value as "something went wrong"', () => {
    expect(localize('fetch failed', id.t)).toBe('fetch failed');
    expect(localize({ nope: 1 } as never, id.t)).toBe('Terjadi kesalahan.');
    expect(isDisplayText('x')).toBe(true);
    expect(isDisplayText(unreachable)).toBe(true);
    expect(isLocalizedText({ key: 'a', params: { b: [1, 'c', { key: 'd' }] } })).toBe(true);
    expect(isLocalizedText({ key: 'a', params: { b: null } })).toBe(false);
    expect(isLocalizedText({ key: '' })).toBe(false);
    expect(isDisplayText(7)).toBe(false);
  });

  it('goes from an error to what is stored, and back to an error where it arrives', () => {
    const error = localizedError('teacher_hubInvalid', { reason: localizedText('hubUrl_credentials') });
    expect(textOfError(error)).toEqual({ key: 'teacher_hubInvalid', params: { reason: { key: 'hubUrl_credentials' } } });
    expect(describeError(errorOfText(textOfError(error)), id.t)).toBe('Alamat ini tidak bisa dipakai: alamat hub tidak boleh berisi nama pengguna atau kata sandi');
    expect(textOfError(new Error('quota exceeded'))).toBe('quota exceeded');
    expect(textOfError(undefined)).toEqual({ key: 'common_somethingWrong' });
    expect(describeError(errorOfText('quota exceeded'), id.t)).toBe('quota exceeded');
  });
});

describe('Intl formatting', () => {
  // Local wall-clock times, so the expectations do not depend on the machine's time zone.
  const monday = new Date(2026, 10, 23, 14, 5, 9).getTime();

  it('formats percentages with the language’s decimal sign', () => {
    expect(en.format.percent(12.5)).toBe('12.5%');
    expect(id.format.percent(12.5)).toBe('12,5%');
    expect(id.format.percent(33.333, 0)).toBe('33%');
    expect(en.format.percent(Number.NaN)).toBe('0.0%');
  });

  it('groups thousands', () => {
    expect(en.format.count(12345)).toBe('12,345');
    expect(id.format.count(12345)).toBe('12.345');
  });

  it('writes durations with the language’s units, whole seconds, never negative', () => {
    expect(createFormat('en', 'en-US').duration(3_723_400)).toBe('1 hr 2 min 3 sec');
    expect(id.format.duration(3_723_400)).toBe('1 jam 2 menit 3 detik');
    expect(id.format.duration(125_000)).toBe('2 menit 5 detik');
    expect(id.format.duration(-5)).toBe('0 detik');
    expect(createFormat('en', 'en-US').duration(Number.NaN)).toBe('0 sec');
  });

  it('counts days and minutes in words', () => {
    expect(en.format.amount(1, 'day')).toBe('1 day');
    expect(en.format.amount(30, 'day')).toBe('30 days');
    expect(id.format.amount(30, 'day')).toBe('30 hari');
    expect(id.format.amount(3, 'minute')).toBe('3 menit');
  });

  it('writes dates and times as each language does', () => {
    expect(en.format.dateTime(monday)).toBe('Mon 23 Nov, 14:05');
    expect(id.format.dateTime(monday)).toBe('Sen, 23 Nov, 14.05');
    expect(createFormat('en', 'en-US').time(monday)).toMatch(/^02:05\s?PM$/);
    expect(id.format.time(monday)).toBe('14.05');
    expect(id.format.timeWithSeconds(monday)).toBe('14.05.09');
    expect(id.format.dateTimeRange(monday, monday + 120_000)).toMatch(/^23 Nov 2026,? 14\.05\s*–\s*14\.07$/);
    // An end before the start (a clock change) is shown as a moment, not an error.
    expect(() => en.format.dateTimeRange(monday, monday - 1)).not.toThrow();
  });

  it('says how long ago, relative to now', () => {
    expect(en.format.ago(monday - 20_000, monday)).toBe('now');
    expect(id.format.ago(monday - 20_000, monday)).toBe('sekarang');
    expect(en.format.ago(monday - 3 * 60_000, monday)).toBe('3 min ago');
    expect(id.format.ago(monday - 3 * 60_000, monday)).toBe('3 mnt lalu');
    expect(id.format.ago(monday - 2 * 3_600_000, monday)).toBe('12.05');
  });
});
