import { useLocalizer } from '../localizer';

/** What Raut keeps, where, for how long, and what it sends: the same words on first run and in Privacy. */
export function PrivacyFacts({ retentionDays }: { retentionDays: number | null }) {
  const { t, format } = useLocalizer();
  const retention = retentionDays === null ? t('privacy_retentionUnset') : format.amount(retentionDays, 'day');
  return (
    <dl class="privacy-facts">
      <div class="privacy-facts__item">
        <dt>{t('privacy_keptTitle')}</dt>
        <dd>{t('privacy_keptBody')}</dd>
      </div>
      <div class="privacy-facts__item">
        <dt>{t('privacy_whereTitle')}</dt>
        <dd>{t('privacy_whereBody')}</dd>
      </div>
      <div class="privacy-facts__item">
        <dt>{t('privacy_howLongTitle')}</dt>
        <dd>{t('privacy_howLongBody', { retention })}</dd>
      </div>
      <div class="privacy-facts__item">
        <dt>{t('privacy_sentTitle')}</dt>
        <dd>{t('privacy_sentBody')}</dd>
      </div>
    </dl>
  );
}
