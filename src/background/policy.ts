/**
 * The school's managed policy (src/shared/policy.ts), read from chrome.storage.managed and kept
 * in memory; re-read when the administrator changes it while the browser runs.
 */
import browser from 'webextension-polyfill';
import { messageOf } from '../shared/error-message';
import { localizedText } from '../shared/i18n';
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
      // A browser without managed storage: nothing is switched off, and the popup says it could not read it.
      (error: unknown) => ({
        policy: { ...NO_POLICY },
        problems: isNoPolicyError(error) ? [] : [localizedText('policyProblem_unreadable', { reason: messageOf(error) })],
      }),
    );
    return this.current;
  }
}

/**
 * Firefox answers storage.managed.get() with this error when no enterprise policy names the
 * add-on: the normal case at home, not a problem to report.
 */
function isNoPolicyError(error: unknown): boolean {
  return /managed storage manifest not found/i.test(messageOf(error));
}
