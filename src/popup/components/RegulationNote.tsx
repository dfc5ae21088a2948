import { useLocalizer } from '../localizer';

export function RegulationNote() {
  const { t } = useLocalizer();
  return (
    <aside class="note" aria-label={t('regulation_label')}>
      <p>
        <strong>{t('regulation_lead')}</strong> {t('regulation_body')}
      </p>
      <p>{t('regulation_attentionOnly')}</p>
    </aside>
  );
}
