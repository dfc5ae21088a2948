import { localize, type DisplayText } from '../../shared/i18n';
import type { OrgPolicy } from '../../shared/policy';
import { useLocalizer } from '../localizer';

/** What the school's managed policy switched off (Privacy tab), and any of its values that were ignored. */
export function PolicyFacts({ policy, problems }: { policy: OrgPolicy; problems: readonly DisplayText[] }) {
  const { t } = useLocalizer();
  const lines = [
    policy.attentionOnly && t('policy_attentionOnly'),
    policy.disableSharing && t('policy_sharingOff'),
    policy.disableTeacherMode && t('policy_teacherOff'),
  ].filter((line): line is string => typeof line === 'string');
  return (
    <section class="stack" aria-labelledby="policy-title" data-testid="policy-facts">
      <h3 id="policy-title" class="section-title">
        {t('policy_title')}
      </h3>
      {lines.length === 0 && <p class="muted">{t('policy_none')}</p>}
      {lines.length > 0 && (
        <ul class="policy-list">
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {problems.map((problem) => localize(problem, t)).map((problem) => (
        <p key={problem} class="notice notice--warning">
          {t('policy_problem', { problem })}
        </p>
      ))}
    </section>
  );
}
