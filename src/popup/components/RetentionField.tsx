import { useEffect, useState } from 'preact/hooks';
import { DEFAULT_SETTINGS, RETENTION_LIMITS } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

function parseRetentionDays(text: string): number | null {
  const days = Number(text.trim());
  return Number.isInteger(days) && days >= RETENTION_LIMITS.min && days <= RETENTION_LIMITS.max ? days : null;
}

export function RetentionField({ settings, update }: FieldProps) {
  // The text as typed, so an invalid entry stays in the box to be corrected.
  const [text, setText] = useState(String(settings.retentionDays));
  const action = useAction();
  const { t, format } = useLocalizer();
  useEffect(() => setText(String(settings.retentionDays)), [settings.retentionDays]);

  const commit = (value: string) => {
    const days = parseRetentionDays(value);
    if (days === null) {
      action.setError(t('retention_invalid', { min: RETENTION_LIMITS.min, max: RETENTION_LIMITS.max }));
      return;
    }
    if (days !== settings.retentionDays) void action.run(() => update({ retentionDays: days }));
    else action.setError(null);
  };

  return (
    <div class="field">
      <label class="field__label" for="retention-days">
        {t('retention_label')}
      </label>
      <div class="field__inline">
        <input
          id="retention-days"
          class="input input--number"
          type="number"
          inputMode="numeric"
          min={RETENTION_LIMITS.min}
          max={RETENTION_LIMITS.max}
          step={1}
          value={text}
          aria-invalid={action.error !== null}
          onInput={(event) => setText(event.currentTarget.value)}
          onChange={(event) => commit(event.currentTarget.value)}
        />
        <span>{t('retention_unit')}</span>
      </div>
      <p class="field__hint">{t('retention_hint', { default: format.amount(DEFAULT_SETTINGS.retentionDays, 'day') })}</p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
