/**
 * The school's managed policy (src/shared/policy.ts), read from chrome.storage.managed and kept
 * in memory; re-read when the administrator changes it while the browser runs.
 */
import browser from 'webextension-polyfill';
import { NO_POLICY, parseOrgPolicy, type ParsedPolicy } from '../shared/policy';

export class ManagedPolicy {
  private current: Promise<ParsedPolicy> | null = null;

  constructor(onChange: (parsed: ParsedPolicy) => void = () => undefined) {
    browser.storage.onChanged.addListener((_changes, area) => {
      if (area !== 'managed') return;
      this.current = null;
      void this.read().then(onChange);
    });
  }

  read(): Promise<ParsedPolicy> {
    this.current ??= browser.storage.managed.get().then(
      (raw) => parseOrgPolicy(raw),
      // Firefox without a policy, or a browser without managed storage: nothing is switched off.
      (error: unknown) => ({ policy: { ...NO_POLICY }, problems: [`managed policy unreadable: ${error instanceof Error ? error.message : String(error)}`] }),
    );
    return this.current;
  }
}
