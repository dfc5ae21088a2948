import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserTargetFrom, extraPagesFor, firefoxManifest, GECKO_ID, manifestFor } from '../../scripts/browser-targets.ts';
import { BROWSER_TARGET, CAPABILITIES, capabilitiesOf } from '../../src/shared/browser-target.ts';

const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../manifest.json'), 'utf8')) as Record<string, unknown>;

describe('build targets', () => {
  it('reads RAUT_BROWSER, defaulting to chrome, and refuses anything else with the choices', () => {
    expect(browserTargetFrom(undefined)).toBe('chrome');
    expect(browserTargetFrom('')).toBe('chrome');
    expect(browserTargetFrom('firefox')).toBe('firefox');
    expect(() => browserTargetFrom('safari')).toThrow(/RAUT_BROWSER="safari" is not a build target: use one of chrome, firefox/);
  });

  it('keeps the Chromium manifest as written', () => {
    expect(manifestFor('chrome', manifest)).toBe(manifest);
    expect(extraPagesFor('chrome')).toContain('src/offscreen/offscreen.html');
  });

  it('gives Firefox a background page, a gecko id, and nothing Chromium-only', () => {
    const firefox = firefoxManifest(manifest);
    expect(firefox.background).toEqual({ scripts: ['src/background/index.ts'] });
    expect(firefox.permissions).not.toContain('offscreen');
    expect(firefox.permissions).toEqual(expect.arrayContaining(['storage', 'alarms', 'scripting']));
    for (const key of ['minimum_chrome_version', 'message_serialization', 'storage']) expect(firefox).not.toHaveProperty(key);
    const gecko = (firefox.browser_specific_settings as { gecko: { id: string; strict_min_version: string } }).gecko;
    expect(gecko.id).toBe(GECKO_ID);
    expect(Number.parseFloat(gecko.strict_min_version)).toBeGreaterThanOrEqual(128); // MAIN-world content scripts
    // Everything else (content scripts in both worlds, popup, locales, commands, CSP) is shared.
    for (const key of ['content_scripts', 'action', 'default_locale', 'commands', 'content_security_policy', 'host_permissions']) {
      expect(firefox[key]).toEqual(manifest[key]);
    }
    expect(extraPagesFor('firefox')).not.toContain('src/offscreen/offscreen.html');
  });

  it('refuses a manifest without a service worker to turn into a background page', () => {
    expect(() => firefoxManifest({ ...manifest, background: {} })).toThrow(/service_worker is missing/);
  });

  it('knows what each browser cannot do, and this run tests one of them', () => {
    expect(capabilitiesOf('chrome')).toEqual({ offscreenDocument: true, webgpu: true });
    expect(capabilitiesOf('firefox')).toEqual({ offscreenDocument: false, webgpu: false });
    expect(CAPABILITIES).toEqual(capabilitiesOf(BROWSER_TARGET));
  });
});
