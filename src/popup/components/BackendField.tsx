import { CAPABILITIES } from '../../shared/browser-target';
import { BACKEND_PREFERENCES, type BackendPreference } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { BACKEND_LABELS, BACKEND_PREFERENCE_KEYS } from '../../shared/i18n-labels';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

export function BackendField({ settings, update }: FieldProps) {
  const action = useAction();
  const { t } = useLocalizer();
  return (
    <div class="field">
      <label class="field__label" for="backend">
        {t('backendField_label')}
      </label>
      <select
        id="backend"
        class="input"
        value={settings.backendPreference}
        aria-describedby="backend-hint"
        onChange={(event) => {
          const backendPreference = event.currentTarget.value as BackendPreference;
          void action.run(() => update({ backendPreference }));
        }}
      >
        {BACKEND_PREFERENCES.map((preference) => (
          <option key={preference} value={preference} disabled={preference === 'webgpu' && !CAPABILITIES.webgpu}>
            {preference === 'auto' ? t(BACKEND_PREFERENCE_KEYS.auto) : BACKEND_LABELS[preference]}
          </option>
        ))}
      </select>
      <p id="backend-hint" class="field__hint">
        {t('backendField_hint')}
      </p>
      {!CAPABILITIES.webgpu && (
        <p class="field__hint" data-testid="backend-no-webgpu">
          {t('backendField_noWebgpuHere')}
        </p>
      )}
      <ErrorMessage message={action.error} />
    </div>
  );
}
