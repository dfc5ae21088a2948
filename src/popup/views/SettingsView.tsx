import { BackendField } from '../components/BackendField';
import { DeleteAllData } from '../components/DeleteAllData';
import { ErrorMessage } from '../components/ErrorMessage';
import { ExtraHosts } from '../components/ExtraHosts';
import { PlatformToggles } from '../components/PlatformToggles';
import { RetentionField } from '../components/RetentionField';
import { SampleRateField } from '../components/SampleRateField';
import type { SettingsState } from '../hooks/useSettings';

interface SettingsViewProps extends SettingsState {
  onDataDeleted: () => void;
}

export function SettingsView({ settings, loadError, update, onDataDeleted }: SettingsViewProps) {
  if (!settings) return <ErrorMessage message={loadError} />;
  return (
    <div class="stack">
      <h2 class="view-title">Settings</h2>
      <SampleRateField settings={settings} update={update} />
      <PlatformToggles settings={settings} update={update} />
      <ExtraHosts settings={settings} update={update} />
      <RetentionField settings={settings} update={update} />
      <BackendField settings={settings} update={update} />
      <section class="danger-zone" aria-labelledby="danger-zone-title">
        <h3 id="danger-zone-title" class="section-title">
          Your data
        </h3>
        <DeleteAllData onDeleted={onDataDeleted} />
      </section>
    </div>
  );
}
