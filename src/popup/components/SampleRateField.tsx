import { useEffect, useState } from 'preact/hooks';
import { SAMPLE_RATE_LIMITS } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

function rateText(perSecond: number): string {
  const interval = 1 / perSecond;
  return `${perSecond.toFixed(1)} per second (one every ${interval >= 1 ? interval.toFixed(1) : interval.toFixed(2)} s)`;
}

export function SampleRateField({ settings, update }: FieldProps) {
  const [value, setValue] = useState(settings.samplesPerSecond);
  const action = useAction();
  useEffect(() => setValue(settings.samplesPerSecond), [settings.samplesPerSecond]);

  return (
    <div class="field">
      <label class="field__label" for="sample-rate">
        Frames analysed
      </label>
      <input
        id="sample-rate"
        type="range"
        min={SAMPLE_RATE_LIMITS.min}
        max={SAMPLE_RATE_LIMITS.max}
        step={0.1}
        value={value}
        aria-valuetext={rateText(value)}
        aria-describedby="sample-rate-value"
        onInput={(event) => setValue(Number(event.currentTarget.value))}
        onChange={(event) => {
          const next = Number(event.currentTarget.value);
          void action.run(() => update({ samplesPerSecond: next }));
        }}
      />
      <p id="sample-rate-value" class="field__value">
        {rateText(value)}
      </p>
      <p class="field__hint">Lower is lighter on your computer and the call. Default: 1 per second.</p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
