/**
 * Which class platform a page belongs to, and the class title it shows.
 * Each platform's quirks live here and nowhere else.
 */
import type { ClassInfo } from '../shared/messages';
import type { Platform } from '../shared/types';

export const DEMO_PATH_PREFIX = '/raut-demo/';

export function platformOf(url: URL): Platform | null {
  const host = url.hostname;
  if (host === 'meet.google.com') return 'meet';
  if (host === 'zoom.us' || host.endsWith('.zoom.us')) return url.pathname.includes('/wc/') ? 'zoom' : null;
  if ((host === 'localhost' || host === '127.0.0.1') && url.pathname.startsWith(DEMO_PATH_PREFIX)) return 'demo';
  if (url.protocol === 'https:') return 'bbb'; // default list and user-granted BigBlueButton/Moodle hosts
  return null;
}

function text(selector: string): string | null {
  const value = document.querySelector(selector)?.textContent?.trim();
  return value ? value : null;
}

/** Strips a platform's own name from a document title ("Meet - abc-defg-hij" → "abc-defg-hij"). */
export function cleanTitle(title: string): string {
  return title
    .replace(/^(Google )?Meet\s*[-–—:]\s*/i, '')
    .replace(/\s*[-–—|]\s*(Zoom|BigBlueButton|Moodle)$/i, '')
    .trim();
}

export function classTitle(platform: Platform, url: URL): string {
  const byPlatform: Record<Platform, () => string | null> = {
    meet: () => text('[data-meeting-title]') ?? (url.pathname.replace(/\//g, '') || null),
    zoom: () => text('.meeting-topic, .meeting-info-container__topic'),
    bbb: () => text('[data-test="presentationTitle"], [data-test="meetingName"]'),
    demo: () => text('[data-class-title]'),
  };
  const found = byPlatform[platform]() ?? cleanTitle(document.title);
  return (found || url.hostname).slice(0, 200);
}

export function currentClassInfo(): ClassInfo | null {
  const url = new URL(location.href);
  const platform = platformOf(url);
  if (!platform) return null;
  return { platform, title: classTitle(platform, url), url: `${url.origin}${url.pathname}` };
}
