import type { Translate } from '../../shared/i18n';
import { DEFAULT_SMOOTHING_PARAMETERS, SMOOTHING_METHODS, type SmoothingMethod } from '../../shared/smoothing';
import { useAction } from '../hooks/useAction';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

/** Each method's name with the length it averages over, in the page's number format. */
function methodLabel(method: SmoothingMethod, t: Translate, locale: string): string {
  const seconds = (value: number) => new Intl.NumberFormat(locale).format(value);
  switch (method) {
    case 'off':
      return t('smoothing_off');
    case 'exponential':
      return t('smoothing_exponential', { seconds: seconds(DEFAULT_SMOOTHING_PARAMETERS.halfLifeSeconds) });
    case 'window':
      return t('smoothing_window', { seconds: seconds(DEFAULT_SMOOTHING_PARAMETERS.windowSeconds) });
  }
}

/** Temporal smoothing of the expression shown and counted (src/shared/smoothing.ts). */
export function SmoothingField({ settings, update }: FieldProps) {
  const action = useAction();
  const { t, locale } = useLocalizer();
  return (
    <div class="field">
      <label class="field__label" for="smoothing">
        {t('smoothingField_label')}
      </label>
      <select
        id="smoothing"
        class="input"
        data-testid="setting-smoothing"
        value={settings.smoothing}
        aria-describedby="smoothing-hint"
        onChange={(event) => {
          const smoothing = event.currentTarget.value as SmoothingMethod;
          void action.run(() => update({ smoothing }));
        }}
      >
        {SMOOTHING_METHODS.map((method) => (
          <option key={method} value={method}>
            {methodLabel(method, t, locale)}
          </option>
        ))}
      </select>
      <p id="smoothing-hint" class="field__hint">
        {t('smoothingField_hint')}
      </p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
