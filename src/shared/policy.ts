/**
 * What a school's administrator may decide for every student's Raut (DESIGN.md privacy rule 6),
 * set by managed policy (chrome.storage.managed; the keys are declared in public/managed-schema.json).
 * The background reads it (src/background/policy.ts) and enforces it; the popup and the dashboard
 * receive it with the live status and explain what is switched off and by whom.
 */
import { localizedText, type LocalizedText } from './i18n';
import { isRecord } from './validate';

export interface OrgPolicy {
  /** No class hub sharing: no new consent, nothing uploaded (a student's "stop and delete" still reaches the hub). */
  disableSharing: boolean;
  /** The popup's teacher mode and the class dashboard are unavailable. */
  disableTeacherMode: boolean;
  /** No expression model is loaded at all: presence, head pose and eyes only. */
  attentionOnly: boolean;
}

export const NO_POLICY: OrgPolicy = Object.freeze({ disableSharing: false, disableTeacherMode: false, attentionOnly: false });

const POLICY_KEYS = Object.keys(NO_POLICY) as (keyof OrgPolicy)[];

export interface ParsedPolicy {
  policy: OrgPolicy;
  /** Values that were ignored, each with why (shown to the student; an administrator's typo must not go unnoticed). */
  problems: LocalizedText[];
}

/**
 * Reads the managed storage's contents. Unknown keys and values of the wrong type are ignored
 * with a problem each; a missing key keeps the default (nothing switched off).
 */
export function parseOrgPolicy(raw: unknown): ParsedPolicy {
  if (raw === undefined || raw === null) return { policy: { ...NO_POLICY }, problems: [] };
  if (!isRecord(raw)) return { policy: { ...NO_POLICY }, problems: [localizedText('policyProblem_notObject')] };
  const policy: OrgPolicy = { ...NO_POLICY };
  const problems: LocalizedText[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if (!(POLICY_KEYS as string[]).includes(key)) {
      problems.push(localizedText('policyProblem_unknownKey', { key, known: POLICY_KEYS.join(', ') }));
    } else if (typeof value !== 'boolean') {
      problems.push(localizedText('policyProblem_notBoolean', { key, value: JSON.stringify(value) ?? String(value) }));
    } else {
      policy[key as keyof OrgPolicy] = value;
    }
  }
  return { policy, problems };
}

export function isPolicyActive(policy: OrgPolicy): boolean {
  return POLICY_KEYS.some((key) => policy[key]);
}
