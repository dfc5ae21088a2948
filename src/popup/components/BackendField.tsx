import { BACKEND_PREFERENCES, type BackendPreference } from '../../shared/types';
import { useAction } from '../hooks/useAction';
import { BACKEND_PREFERENCE_LABELS } from '../lib/labels';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

export function BackendField({ settings, update }: FieldProps) {
  const action = useAction();
  return (
    <div class="field">
      <label class="field__label" for="backend">
        Inference backend
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
          <option key={preference} value={preference}>
            {BACKEND_PREFERENCE_LABELS[preference]}
          </option>
        ))}
      </select>
      <p id="backend-hint" class="field__hint">
        For troubleshooting. Automatic tries WebGPU, then WebGL, WebAssembly and CPU.
      </p>
      <ErrorMessage message={action.error} />
    </div>
  );
}
