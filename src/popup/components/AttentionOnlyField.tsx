import { useEffect, useState } from 'preact/hooks';
import { useAction } from '../hooks/useAction';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

/**
 * Attention only: no expression model is loaded at all (presence, head pose, eyes). The student's
 * own choice; where the school's policy forces it, shown switched on and locked.
 */
export function AttentionOnlyField({ settings, update, forced }: FieldProps & { forced: boolean }) {
  const action = useAction();
  const { t } = useLocalizer();
  // Shown at once, saved in the background: a controlled box would flick back until the save lands.
  const [checked, setChecked] = useState(settings.attentionOnly);
  useEffect(() => setChecked(settings.attentionOnly), [settings.attentionOnly]);
  return (
    <div class="field">
      <label class="checkbox">
        <input
          type="checkbox"
          data-testid="setting-attention-only"
          checked={forced || checked}
          disabled={forced}
          aria-describedby="attention-only-hint"
          onChange={(event) => {
            const attentionOnly = event.currentTarget.checked;
            setChecked(attentionOnly);
            // Not saved: the box shows again what is in force, and the error says why.
            void action.run(() => update({ attentionOnly })).then((saved) => saved || setChecked(!attentionOnly));
          }}
        />
        {t('attentionOnly_label')}
      </label>
      <p id="attention-only-hint" class="field__hint">
        {forced ? t('attentionOnly_forced') : t('attentionOnly_hint')}
      </p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
