import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { normaliseHostPattern } from '../../shared/settings';
import { useAction } from '../hooks/useAction';
import { localizedError } from '../../shared/i18n';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

/** "https://bbb.school.id/*" → "bbb.school.id". */
function hostOf(pattern: string): string {
  return pattern.replace(/^https:\/\//, '').replace(/\/\*$/, '');
}

export function ExtraHosts({ settings, update }: FieldProps) {
  const [input, setInput] = useState('');
  const action = useAction();
  const { t } = useLocalizer();

  const add = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const pattern = normaliseHostPattern(input);
    if (pattern === null) {
      action.setError(t('hosts_invalid'));
      return;
    }
    if (settings.extraHosts.includes(pattern)) {
      action.setError(t('hosts_duplicate', { host: hostOf(pattern) }));
      return;
    }
    // Requested before any await: the browser only asks while the click's user gesture lasts.
    const granted = browser.permissions.request({ origins: [pattern] });
    void action.run(async () => {
      if (!(await granted)) throw localizedError('hosts_notAllowed', { host: hostOf(pattern) });
      await update({ extraHosts: [...settings.extraHosts, pattern] });
      setInput('');
    });
  };

  const remove = (pattern: string) =>
    action.run(async () => {
      await update({ extraHosts: settings.extraHosts.filter((host) => host !== pattern) });
      await browser.permissions.remove({ origins: [pattern] });
    });

  return (
    <div class="field">
      <form class="host-form" onSubmit={add} noValidate>
        <label class="field__label" for="extra-host">
          {t('hosts_label')}
        </label>
        <div class="field__inline">
          <input
            id="extra-host"
            class="input"
            type="text"
            inputMode="url"
            autoComplete="off"
            spellcheck={false}
            placeholder={t('hosts_placeholder')}
            value={input}
            aria-describedby="extra-host-hint"
            onInput={(event) => setInput(event.currentTarget.value)}
          />
          <button type="submit" class="button" disabled={action.busy}>
            {t('hosts_add')}
          </button>
        </div>
        <p id="extra-host-hint" class="field__hint">
          {t('hosts_hint')}
        </p>
      </form>
      <ErrorMessage message={action.error} />
      {settings.extraHosts.length > 0 && (
        <ul class="host-list" aria-label={t('hosts_listLabel')}>
          {settings.extraHosts.map((pattern) => (
            <li key={pattern} class="host-list__item">
              <span class="host-list__host">{hostOf(pattern)}</span>
              <button
                type="button"
                class="button button--small"
                aria-label={t('hosts_removeLabel', { host: hostOf(pattern) })}
                disabled={action.busy}
                onClick={() => void remove(pattern)}
              >
                {t('hosts_remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
