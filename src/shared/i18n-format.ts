/**
 * Dates, times, durations, counts and percentages, formatted with Intl for the language in use.
 * The one place the popup, the dashboard and the text export format a number or a moment.
 */
import type { Language } from './i18n';

export type DurationUnit = 'day' | 'hour' | 'minute' | 'second';

export interface Format {
  /** 0..100 → "12.5%" / "12,5%"; non-finite values read as 0. */
  percent(value: number, fractionDigits?: number): string;
  /** Whole number with the language's grouping: "1,234" / "1.234". */
  count(value: number): string;
  /** "1 hr 2 min 3 sec" / "1 jam 2 menit 3 detik"; whole seconds, negatives read as 0. */
  duration(ms: number): string;
  /** "30 days" / "30 hari". */
  amount(value: number, unit: DurationUnit): string;
  /** Weekday, day, month and time: "Mon, Nov 23, 2:05 PM" / "Sen, 23 Nov, 14.05". */
  dateTime(ms: number): string;
  /** A span of local time with its date, the end's date left out when it is the same day. */
  dateTimeRange(startMs: number, endMs: number): string;
  /** Hours and minutes. */
  time(ms: number): string;
  /** Hours, minutes and seconds. */
  timeWithSeconds(ms: number): string;
  /** "3 min. ago", "now" / "3 mnt lalu", "sekarang". */
  ago(ms: number, now: number): string;
}

/**
 * CLDR's short Indonesian units abbreviate hours to "j", which nobody writes; Indonesian spells
 * the units out (jam, menit, detik), English keeps the short ones (hr, min, sec).
 */
const DURATION_UNIT_DISPLAY: Record<Language, 'short' | 'long'> = { en: 'short', id: 'long' };

const finiteOrZero = (value: number) => (Number.isFinite(value) ? value : 0);

export function createFormat(language: Language, locale: string): Format {
  const numbers = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percents = new Map<number, Intl.NumberFormat>();
  const percentFormat = (digits: number) => {
    let format = percents.get(digits);
    if (!format) {
      format = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits });
      percents.set(digits, format);
    }
    return format;
  };
  const unitFormat = (unit: DurationUnit, unitDisplay: 'short' | 'long') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 0 });
  const durationUnits = {
    hour: unitFormat('hour', DURATION_UNIT_DISPLAY[language]),
    minute: unitFormat('minute', DURATION_UNIT_DISPLAY[language]),
    second: unitFormat('second', DURATION_UNIT_DISPLAY[language]),
  };
  const dateTime = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const dateTimeWithYear = new Intl.DateTimeFormat(locale, { year: 'numeric', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  const timeWithSeconds = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' });

  return {
    percent: (value, fractionDigits = 1) => percentFormat(fractionDigits).format(finiteOrZero(value) / 100),
    count: (value) => numbers.format(finiteOrZero(value)),
    duration(ms) {
      const totalSeconds = Math.max(0, Math.round(finiteOrZero(ms) / 1000));
      const hours = Math.floor(totalSeconds / 3600);
      const minutes = Math.floor((totalSeconds % 3600) / 60);
      const seconds = totalSeconds % 60;
      const parts = [durationUnits.second.format(seconds)];
      if (hours > 0 || minutes > 0) parts.unshift(durationUnits.minute.format(minutes));
      if (hours > 0) parts.unshift(durationUnits.hour.format(hours));
      return parts.join(' ');
    },
    amount: (value, unit) => unitFormat(unit, 'long').format(finiteOrZero(value)),
    dateTime: (ms) => dateTime.format(ms),
    dateTimeRange: (startMs, endMs) => dateTimeWithYear.formatRange(startMs, Math.max(startMs, endMs)),
    time: (ms) => time.format(ms),
    timeWithSeconds: (ms) => timeWithSeconds.format(ms),
    ago(ms, now) {
      const seconds = Math.max(0, Math.round((now - ms) / 1000));
      if (seconds < 60) return relative.format(0, 'second');
      const minutes = Math.round(seconds / 60);
      if (minutes < 60) return relative.format(-minutes, 'minute');
      return time.format(ms);
    },
  };
}
