/**
 * School-specific BigBlueButton/Moodle hosts that the student added in settings: once the browser
 * granted the host permission, the same two content scripts the manifest declares for the default
 * platforms are registered for those hosts at run time (MAIN-world hook + isolated bridge).
 */
import browser from 'webextension-polyfill';

/** Output paths of the manifest's content scripts (see manifest.json; the build keeps them). */
const HOOK_SCRIPT = 'src/content/hook.js';
const BRIDGE_SCRIPT = 'src/content/bridge.js';
const IDS = { hook: 'raut-extra-hosts-hook', bridge: 'raut-extra-hosts-bridge' } as const;

async function grantedHosts(patterns: readonly string[]): Promise<string[]> {
  const granted: string[] = [];
  for (const pattern of patterns) {
    if (await browser.permissions.contains({ origins: [pattern] })) granted.push(pattern);
  }
  return granted;
}

export async function syncExtraHostScripts(patterns: readonly string[]): Promise<string[]> {
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: Object.values(IDS) });
  if (existing.length > 0) await chrome.scripting.unregisterContentScripts({ ids: existing.map((script) => script.id) });
  const matches = await grantedHosts(patterns);
  if (matches.length === 0) return [];
  await chrome.scripting.registerContentScripts([
    { id: IDS.hook, matches, js: [HOOK_SCRIPT], runAt: 'document_start', world: 'MAIN', persistAcrossSessions: true },
    { id: IDS.bridge, matches, js: [BRIDGE_SCRIPT], runAt: 'document_start', persistAcrossSessions: true },
  ]);
  return matches;
}
