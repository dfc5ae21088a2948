/**
 * User settings, kept in extension storage (storage.local). Whatever is read is sanitised,
 * so a corrupt or old value falls back to a default instead of breaking a context.
 */
import browser from 'webextension-polyfill';
import {
  BACKEND_PREFERENCES,
  DEFAULT_SETTINGS,
  PLATFORMS,
  RETENTION_LIMITS,
  SAMPLE_RATE_LIMITS,
  type Platform,
  type Settings,
} from './types';
import { isLanguageSetting } from './i18n';
import { isSmoothingMethod } from './smoothing';
import { isFiniteNumber, isRecord } from './validate';

const SETTINGS_KEY = 'settings';

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** A host pattern the user may add for a school's BigBlueButton/Moodle server. */
export function isValidHostPattern(pattern: string): boolean {
  return /^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\*$/i.test(pattern);
}

/** Turns "bbb.school.id" or "https://bbb.school.id/html5client/join" into "https://bbb.school.id/*". */
export function normaliseHostPattern(input: string): string | null {
  const trimmed = input.trim();
  if (trimmed === '') return null;
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  // "*." is not valid in a URL: take it off, parse the rest, and put it back.
  const wildcard = /^https?:\/\/\*\./i.test(withScheme);
  let url: URL;
  try {
    url = new URL(wildcard ? withScheme.replace('*.', '') : withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  const pattern = `https://${wildcard ? '*.' : ''}${url.hostname}/*`;
  return isValidHostPattern(pattern) ? pattern : null;
}

export function sanitizeSettings(raw: unknown): Settings {
  const value = isRecord(raw) ? raw : {};
  const platforms = { ...DEFAULT_SETTINGS.platforms };
  if (isRecord(value.platforms)) {
    for (const platform of PLATFORMS) {
      const enabled = value.platforms[platform];
      if (typeof enabled === 'boolean') platforms[platform as Platform] = enabled;
    }
  }
  return {
    samplesPerSecond: isFiniteNumber(value.samplesPerSecond)
      ? clamp(value.samplesPerSecond, SAMPLE_RATE_LIMITS.min, SAMPLE_RATE_LIMITS.max)
      : DEFAULT_SETTINGS.samplesPerSecond,
    platforms,
    retentionDays: isFiniteNumber(value.retentionDays)
      ? Math.round(clamp(value.retentionDays, RETENTION_LIMITS.min, RETENTION_LIMITS.max))
      : DEFAULT_SETTINGS.retentionDays,
    extraHosts: Array.isArray(value.extraHosts)
      ? value.extraHosts.filter((host): host is string => typeof host === 'string' && isValidHostPattern(host))
      : [],
    paused: typeof value.paused === 'boolean' ? value.paused : DEFAULT_SETTINGS.paused,
    frameWidth: isFiniteNumber(value.frameWidth)
      ? Math.round(clamp(value.frameWidth, 160, 640))
      : DEFAULT_SETTINGS.frameWidth,
    backendPreference: BACKEND_PREFERENCES.find((name) => name === value.backendPreference) ?? 'auto',
    // Settings stored before the language setting existed, or with an unknown language, follow the browser.
    language: isLanguageSetting(value.language) ? value.language : DEFAULT_SETTINGS.language,
    attentionOnly: typeof value.attentionOnly === 'boolean' ? value.attentionOnly : DEFAULT_SETTINGS.attentionOnly,
    smoothing: isSmoothingMethod(value.smoothing) ? value.smoothing : DEFAULT_SETTINGS.smoothing,
  };
}

export async function loadSettings(): Promise<Settings> {
  const stored = await browser.storage.local.get(SETTINGS_KEY);
  return sanitizeSettings(stored[SETTINGS_KEY]);
}

export async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = sanitizeSettings({ ...(await loadSettings()), ...patch });
  await browser.storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && SETTINGS_KEY in changes) listener(sanitizeSettings(changes[SETTINGS_KEY]?.newValue));
  });
}
