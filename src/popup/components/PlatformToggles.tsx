import { PLATFORMS, type Platform } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { PLATFORM_KEYS } from '../../shared/i18n-labels';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

export function PlatformToggles({ settings, update }: FieldProps) {
  const action = useAction();
  const { t } = useLocalizer();
  const toggle = (platform: Platform, enabled: boolean) =>
    action.run(() => update({ platforms: { ...settings.platforms, [platform]: enabled } }));

  return (
    <div class="field" role="group" aria-labelledby="platforms-label">
      <p id="platforms-label" class="field__label">
        {t('platforms_label')}
      </p>
      {PLATFORMS.map((platform) => (
        <label key={platform} class="checkbox">
          <input
            type="checkbox"
            checked={settings.platforms[platform]}
            onChange={(event) => void toggle(platform, event.currentTarget.checked)}
          />
          {t(PLATFORM_KEYS[platform])}
        </label>
      ))}
      <ErrorMessage message={action.error} />
    </div>
  );
}
