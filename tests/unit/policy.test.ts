import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localize } from '../../src/shared/i18n';
import { isPolicyActive, NO_POLICY, parseOrgPolicy } from '../../src/shared/policy';
import { localizerFor } from '../helpers/i18n';

const en = localizerFor('en');
const id = localizerFor('id');

const root = resolve(import.meta.dirname, '../..');

describe('managed policy', () => {
  it('switches nothing off without a policy', () => {
    expect(parseOrgPolicy(undefined)).toEqual({ policy: NO_POLICY, problems: [] });
    expect(parseOrgPolicy({})).toEqual({ policy: NO_POLICY, problems: [] });
    expect(isPolicyActive(NO_POLICY)).toBe(false);
  });

  it('reads each switch', () => {
    const { policy, problems } = parseOrgPolicy({ disableSharing: true, disableTeacherMode: false, attentionOnly: true });
    expect(policy).toEqual({ disableSharing: true, disableTeacherMode: false, attentionOnly: true });
    expect(problems).toEqual([]);
    expect(isPolicyActive(policy)).toBe(true);
  });

  it('ignores wrong types and unknown keys, and says so', () => {
    const { policy, problems } = parseOrgPolicy({ disableSharing: 'true', attentionOnly: true, disableCamera: true });
    expect(policy).toEqual({ ...NO_POLICY, attentionOnly: true });
    expect(problems).toHaveLength(2);
    expect(problems.map((problem) => problem.key)).toEqual(['policyProblem_notBoolean', 'policyProblem_unknownKey']);
    expect(localize(problems[0]!, en.t)).toMatch(/"disableSharing" must be true or false, not "true"/);
    expect(localize(problems[1]!, en.t)).toMatch(/unknown managed policy "disableCamera"/);
    expect(localize(problems[1]!, id.t)).toBe('pengaturan "disableCamera" tidak dikenal (yang dikenal: disableSharing, disableTeacherMode, attentionOnly)');
    expect(localize(parseOrgPolicy([1]).problems[0]!, en.t)).toMatch(/not an object/);
  });

  it('declares exactly these keys in the managed schema the manifest points to', () => {
    const manifest = JSON.parse(readFileSync(resolve(root, 'manifest.json'), 'utf8'));
    expect(manifest.storage.managed_schema).toBe('managed-schema.json');
    const schema = JSON.parse(readFileSync(resolve(root, 'public', manifest.storage.managed_schema), 'utf8'));
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(NO_POLICY).sort());
    for (const property of Object.values<{ type: string }>(schema.properties)) expect(property.type).toBe('boolean');
  });
});
