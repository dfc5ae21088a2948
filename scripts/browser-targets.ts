/**
 * The browsers Raut is built for, and how one manifest.json becomes each browser's manifest.
 * manifest.json is written for Chromium; Firefox's copy differs only in what Firefox lacks or
 * requires (see firefoxManifest). `npm run build` writes dist/<target>/ for every target.
 */
export const BROWSER_TARGETS = ['chrome', 'firefox'] as const;
export type BrowserTarget = (typeof BROWSER_TARGETS)[number];

/** Firefox's add-on id (stable, so storage and granted permissions survive updates). */
export const GECKO_ID = 'raut@raut-wajah.id';
/**
 * Firefox 128 brought MAIN-world content scripts; 140 (an ESR) is the first to read
 * data_collection_permissions, which addons.mozilla.org asks of new add-ons.
 */
export const GECKO_MIN_VERSION = '140.0';
/** Firefox for Android reads data_collection_permissions from 142. */
export const GECKO_ANDROID_MIN_VERSION = '142.0';

export function isBrowserTarget(value: unknown): value is BrowserTarget {
  return BROWSER_TARGETS.some((target) => target === value);
}

/** RAUT_BROWSER picks the build target; unset means chrome. Anything else is refused, with the choices. */
export function browserTargetFrom(value: string | undefined): BrowserTarget {
  if (value === undefined || value === '') return 'chrome';
  if (!isBrowserTarget(value)) throw new Error(`RAUT_BROWSER="${value}" is not a build target: use one of ${BROWSER_TARGETS.join(', ')}`);
  return value;
}

type Manifest = Record<string, unknown>;

function without(object: Manifest, ...keys: string[]): Manifest {
  return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key)));
}

/**
 * Firefox has no offscreen API and no extension service worker that can host the engine: it gets a
 * background page (event page) that runs the engine itself. Chromium-only keys are dropped so
 * `web-ext lint` stays clean; Firefox structured-clones runtime messages without being asked.
 * Managed policy reaches Firefox through enterprise policies ("3rdparty"), which need no schema file.
 */
export function firefoxManifest(manifest: Manifest): Manifest {
  const background = manifest.background as { service_worker?: string } | undefined;
  if (!background?.service_worker) throw new Error('manifest.json: background.service_worker is missing');
  const permissions = (manifest.permissions as string[] | undefined) ?? [];
  return {
    ...without(manifest, 'minimum_chrome_version', 'message_serialization', 'storage'),
    background: { scripts: [background.service_worker] },
    permissions: permissions.filter((permission) => permission !== 'offscreen'),
    browser_specific_settings: {
      gecko: {
        id: GECKO_ID,
        strict_min_version: GECKO_MIN_VERSION,
        // Nothing is collected by Raut's makers; what a student shares goes to the school's own hub.
        data_collection_permissions: { required: ['none'] },
      },
      gecko_android: { strict_min_version: GECKO_ANDROID_MIN_VERSION },
    },
  };
}

export function manifestFor(target: BrowserTarget, manifest: Manifest): Manifest {
  return target === 'firefox' ? firefoxManifest(manifest) : manifest;
}

/** The HTML pages a target builds besides those the manifest names. */
export function extraPagesFor(target: BrowserTarget): string[] {
  const pages = ['src/dashboard/dashboard.html'];
  return target === 'chrome' ? ['src/offscreen/offscreen.html', ...pages] : pages;
}
