import { AttentionOnlyField } from '../components/AttentionOnlyField';
import { BackendField } from '../components/BackendField';
import { DeleteAllData } from '../components/DeleteAllData';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExtraHosts } from '../components/ExtraHosts';
import { LanguageField } from '../components/LanguageField';
import { PlatformToggles } from '../components/PlatformToggles';
import { RetentionField } from '../components/RetentionField';
import { SampleRateField } from '../components/SampleRateField';
import { SmoothingField } from '../components/SmoothingField';
import type { SettingsState } from '../hooks/useSettings';
import { useLocalizer } from '../localizer';

interface SettingsViewProps extends SettingsState {
  onDataDeleted: () => void;
  /** The school's policy forces attention-only: the switch shows it, locked. */
  forcedAttentionOnly: boolean;
}

export function SettingsView({ settings, loadError, update, onDataDeleted, forcedAttentionOnly }: SettingsViewProps) {
  const { t } = useLocalizer();
  if (!settings) return <ErrorMessage message={loadError} />;
  return (
    <div class="stack">
      <h2 class="view-title">{t('tab_settings')}</h2>
      <LanguageField settings={settings} update={update} />
      <AttentionOnlyField settings={settings} update={update} forced={forcedAttentionOnly} />
      <SampleRateField settings={settings} update={update} />
      <SmoothingField settings={settings} update={update} />
      <PlatformToggles settings={settings} update={update} />
      <ExtraHosts settings={settings} update={update} />
      <RetentionField settings={settings} update={update} />
      <BackendField settings={settings} update={update} />
      <section class="danger-zone" aria-labelledby="danger-zone-title">
        <h3 id="danger-zone-title" class="section-title">
          {t('settings_yourData')}
        </h3>
        <DeleteAllData onDeleted={onDataDeleted} />
      </section>
    </div>
  );
}
