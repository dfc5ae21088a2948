import { describe, expect, it, vi } from 'vitest';

// Mock: webextension-polyfill throws when imported outside an extension. The functions tested
// here are pure and never touch it.
vi.mock('webextension-polyfill', () => ({ default: {} }));

import { isValidHostPattern, normaliseHostPattern, sanitizeSettings } from '../../src/shared/settings';
import { DEFAULT_SETTINGS, type Settings } from '../../src/shared/types';

describe('sanitizeSettings', () => {
  it('returns the defaults for garbage', () => {
    for (const raw of [null, undefined, 'settings', 42, true, [1, 2, 3], [], () => 1]) {
      expect(sanitizeSettings(raw), JSON.stringify(raw) ?? String(raw)).toEqual(DEFAULT_SETTINGS);
    }
  });

  it('returns the defaults for an object with garbage fields', () => {
    expect(
      sanitizeSettings({
        samplesPerSecond: '2',
        platforms: 'all',
        retentionDays: null,
        extraHosts: 'https://bbb.school.id/*',
        paused: 'yes',
        frameWidth: {},
        backendPreference: 3,
      }),
    ).toEqual(DEFAULT_SETTINGS);
  });

  it('returns a copy: changing the result leaves DEFAULT_SETTINGS alone', () => {
    const settings = sanitizeSettings(null);
    settings.platforms.meet = false;
    settings.extraHosts.push('https://a.b/*');
    expect(DEFAULT_SETTINGS.platforms.meet).toBe(true);
    expect(DEFAULT_SETTINGS.extraHosts).toEqual([]);
  });

  it('keeps a complete valid value as it is', () => {
    const valid: Settings = {
      samplesPerSecond: 2.5,
      platforms: { meet: false, zoom: true, bbb: false, demo: true },
      retentionDays: 90,
      extraHosts: ['https://bbb.school.id/*', 'https://*.kampus.ac.id/*'],
      paused: true,
      frameWidth: 480,
      backendPreference: 'webgpu',
      language: 'id',
      attentionOnly: true,
      smoothing: 'window',
    };
    expect(sanitizeSettings(valid)).toEqual(valid);
  });

  it('keeps a known language and makes anything else (or settings stored before the setting) follow the browser', () => {
    for (const language of ['auto', 'en', 'id'] as const) expect(sanitizeSettings({ language }).language).toBe(language);
    for (const language of ['fr', 'ID', '', null, 3, undefined]) expect(sanitizeSettings({ language }).language).toBe('auto');
    const { language: _dropped, ...beforeTheSetting } = DEFAULT_SETTINGS;
    expect(sanitizeSettings({ ...beforeTheSetting, retentionDays: 7 })).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 7 });
  });

  it('keeps attention-only when it is a boolean, and leaves it off for anything else or settings stored before it', () => {
    expect(sanitizeSettings({ attentionOnly: true }).attentionOnly).toBe(true);
    for (const attentionOnly of ['true', 1, null, undefined]) expect(sanitizeSettings({ attentionOnly }).attentionOnly).toBe(false);
  });

  it('keeps a known smoothing method and gives settings stored before it, or anything else, the default', () => {
    for (const smoothing of ['off', 'exponential', 'window'] as const) expect(sanitizeSettings({ smoothing }).smoothing).toBe(smoothing);
    for (const smoothing of ['Exponential', 'median', '', null, 1, undefined]) expect(sanitizeSettings({ smoothing }).smoothing).toBe(DEFAULT_SETTINGS.smoothing);
    const { smoothing: _dropped, ...beforeTheSetting } = DEFAULT_SETTINGS;
    expect(sanitizeSettings({ ...beforeTheSetting, retentionDays: 7 })).toEqual({ ...DEFAULT_SETTINGS, retentionDays: 7 });
  });

  it('clamps the sample rate to 0.2 … 5 without rounding it', () => {
    expect(sanitizeSettings({ samplesPerSecond: 100 }).samplesPerSecond).toBe(5);
    expect(sanitizeSettings({ samplesPerSecond: 0 }).samplesPerSecond).toBe(0.2);
    expect(sanitizeSettings({ samplesPerSecond: -3 }).samplesPerSecond).toBe(0.2);
    expect(sanitizeSettings({ samplesPerSecond: 0.5 }).samplesPerSecond).toBe(0.5);
    expect(sanitizeSettings({ samplesPerSecond: Number.NaN }).samplesPerSecond).toBe(1);
    expect(sanitizeSettings({ samplesPerSecond: Number.POSITIVE_INFINITY }).samplesPerSecond).toBe(1);
  });

  it('clamps retention to 1 … 365 whole days', () => {
    expect(sanitizeSettings({ retentionDays: 0 }).retentionDays).toBe(1);
    expect(sanitizeSettings({ retentionDays: -10 }).retentionDays).toBe(1);
    expect(sanitizeSettings({ retentionDays: 1000 }).retentionDays).toBe(365);
    expect(sanitizeSettings({ retentionDays: 7.6 }).retentionDays).toBe(8);
    expect(sanitizeSettings({ retentionDays: 7.4 }).retentionDays).toBe(7);
    expect(sanitizeSettings({ retentionDays: 0.4 }).retentionDays).toBe(1);
  });

  it('clamps the frame width to 160 … 640 whole pixels', () => {
    expect(sanitizeSettings({ frameWidth: 100 }).frameWidth).toBe(160);
    expect(sanitizeSettings({ frameWidth: 5000 }).frameWidth).toBe(640);
    expect(sanitizeSettings({ frameWidth: 333.7 }).frameWidth).toBe(334);
    expect(sanitizeSettings({ frameWidth: 640 }).frameWidth).toBe(640);
  });

  it('takes only boolean flags for known platforms', () => {
    const settings = sanitizeSettings({ platforms: { meet: false, zoom: 'no', bbb: 0, teams: true, demo: false } });
    expect(settings.platforms).toEqual({ meet: false, zoom: true, bbb: true, demo: false });
    expect('teams' in settings.platforms).toBe(false);
  });

  it('keeps only valid extra host patterns', () => {
    const settings = sanitizeSettings({
      extraHosts: [
        'https://bbb.school.id/*',
        'bbb.other.id', // not a pattern (sanitising does not normalise)
        42,
        null,
        'http://insecure.school.id/*',
        'https://*.school.id/*',
        'https://bbb.school.id/path/*',
        '<all_urls>',
        'https://*/*',
      ],
    });
    expect(settings.extraHosts).toEqual(['https://bbb.school.id/*', 'https://*.school.id/*']);
  });

  it('accepts only known backend preferences', () => {
    expect(sanitizeSettings({ backendPreference: 'webgpu' }).backendPreference).toBe('webgpu');
    expect(sanitizeSettings({ backendPreference: 'cpu' }).backendPreference).toBe('cpu');
    expect(sanitizeSettings({ backendPreference: 'auto' }).backendPreference).toBe('auto');
    expect(sanitizeSettings({ backendPreference: 'cuda' }).backendPreference).toBe('auto');
    expect(sanitizeSettings({ backendPreference: 'WEBGL' }).backendPreference).toBe('auto');
  });

  it('takes paused only as a boolean', () => {
    expect(sanitizeSettings({ paused: true }).paused).toBe(true);
    expect(sanitizeSettings({ paused: 1 }).paused).toBe(false);
  });
});

describe('normaliseHostPattern', () => {
  it('turns a bare host into an https origin pattern', () => {
    expect(normaliseHostPattern('bbb.school.id')).toBe('https://bbb.school.id/*');
    expect(normaliseHostPattern('  BBB.School.ID  ')).toBe('https://bbb.school.id/*');
    expect(normaliseHostPattern('bbb.school.id/*')).toBe('https://bbb.school.id/*');
  });

  it('reduces a full URL with path, query, port or credentials to its host', () => {
    expect(normaliseHostPattern('https://bbb.school.id/html5client/join?meetingID=7#x')).toBe('https://bbb.school.id/*');
    expect(normaliseHostPattern('https://bbb.school.id:8443/b/abc')).toBe('https://bbb.school.id/*');
    expect(normaliseHostPattern('https://user:secret@bbb.school.id/')).toBe('https://bbb.school.id/*');
  });

  it('accepts a wildcard subdomain', () => {
    expect(normaliseHostPattern('*.school.id')).toBe('https://*.school.id/*');
    expect(normaliseHostPattern('https://*.school.id/moodle')).toBe('https://*.school.id/*');
  });

  it('keeps a real host whose first label happens to be the internal wildcard placeholder', () => {
    // A literal host must never widen into "every subdomain of school.id".
    expect(normaliseHostPattern('wildcard-sub.school.id')).toBe('https://wildcard-sub.school.id/*');
  });

  it('rejects non-https schemes', () => {
    expect(normaliseHostPattern('http://bbb.school.id')).toBeNull();
    expect(normaliseHostPattern('http://bbb.school.id/html5client')).toBeNull();
    expect(normaliseHostPattern('ftp://bbb.school.id')).toBeNull();
    expect(normaliseHostPattern('javascript:alert(1)')).toBeNull();
  });

  it('rejects empty input, garbage, single-label hosts and over-broad wildcards', () => {
    for (const input of ['', '   ', 'localhost', 'https://localhost/', 'not a host!', '*', '*.id', '*.*.school.id', 'a.*.b.id', 'https://*', 'bbb_school.id']) {
      expect(normaliseHostPattern(input), input).toBeNull();
    }
  });

  it('always returns a pattern that isValidHostPattern accepts', () => {
    for (const input of ['bbb.school.id', 'https://x.y.z/a/b', '*.kampus.ac.id', '192.168.1.10']) {
      const pattern = normaliseHostPattern(input);
      expect(pattern, input).not.toBeNull();
      expect(isValidHostPattern(pattern as string), input).toBe(true);
    }
  });
});

describe('isValidHostPattern', () => {
  it('accepts https host patterns with an optional leading wildcard', () => {
    expect(isValidHostPattern('https://bbb.school.id/*')).toBe(true);
    expect(isValidHostPattern('https://*.school.id/*')).toBe(true);
    expect(isValidHostPattern('https://BBB.School.ID/*')).toBe(true);
  });

  it('rejects anything else', () => {
    for (const pattern of [
      'bbb.school.id',
      'https://bbb.school.id',
      'https://bbb.school.id/',
      'https://bbb.school.id/path/*',
      'http://bbb.school.id/*',
      'https://*/*',
      'https://*.id/*',
      'https://localhost/*',
      'https://a..b/*',
      'https://bbb.school.id:443/*',
      'https://*.*.school.id/*',
      '<all_urls>',
      ' https://bbb.school.id/*',
      '',
    ]) {
      expect(isValidHostPattern(pattern), pattern).toBe(false);
    }
  });
});
