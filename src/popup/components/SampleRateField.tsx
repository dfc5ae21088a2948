import { useEffect, useState } from 'preact/hooks';
import { SAMPLE_RATE_LIMITS } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import type { Localizer } from '../../shared/i18n';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

function rateText(perSecond: number, { t, locale }: Localizer): string {
  const interval = 1 / perSecond;
  const decimals = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  return t('sampleRate_value', { rate: decimals(perSecond, 1), seconds: decimals(interval, interval >= 1 ? 1 : 2) });
}

export function SampleRateField({ settings, update }: FieldProps) {
  const [value, setValue] = useState(settings.samplesPerSecond);
  const action = useAction();
  const localizer = useLocalizer();
  const { t } = localizer;
  useEffect(() => setValue(settings.samplesPerSecond), [settings.samplesPerSecond]);

  return (
    <div class="field">
      <label class="field__label" for="sample-rate">
        {t('sampleRate_label')}
      </label>
      <input
        id="sample-rate"
        type="range"
        min={SAMPLE_RATE_LIMITS.min}
        max={SAMPLE_RATE_LIMITS.max}
        step={0.1}
        value={value}
        aria-valuetext={rateText(value, localizer)}
        aria-describedby="sample-rate-value"
        onInput={(event) => setValue(Number(event.currentTarget.value))}
        onChange={(event) => {
          const next = Number(event.currentTarget.value);
          void action.run(() => update({ samplesPerSecond: next }));
        }}
      />
      <p id="sample-rate-value" class="field__value">
        {rateText(value, localizer)}
      </p>
      <p class="field__hint">{t('sampleRate_hint')}</p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
