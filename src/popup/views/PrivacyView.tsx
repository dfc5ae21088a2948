import { PolicyFacts } from '../components/PolicyFacts';
import { PrivacyFacts } from '../components/PrivacyFacts';
import type { LiveStatus } from '../../shared/types';
import { RegulationNote } from '../components/RegulationNote';
import { useLocalizer } from '../localizer';

export function PrivacyView({ retentionDays, status }: { retentionDays: number | null; status: LiveStatus | null }) {
  const { t } = useLocalizer();
  return (
    <div class="stack">
      <h2 class="view-title">{t('privacy_title')}</h2>
      <PrivacyFacts retentionDays={retentionDays} />
      <p class="muted">{t('privacy_controls')}</p>
      <RegulationNote />
      {status && <PolicyFacts policy={status.policy} problems={status.policyProblems} />}
    </div>
  );
}
