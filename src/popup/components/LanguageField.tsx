import type { MessageKey } from '../../shared/i18n';
import { LANGUAGE_SETTINGS, languageOfTag, type LanguageSetting } from '../../shared/i18n';
import { browserLanguage } from '../../shared/i18n-browser';
import { useAction } from '../hooks/useAction';
import { useLocalizer } from '../localizer';
import { ErrorMessage } from './ErrorMessage';
import type { FieldProps } from './field-props';

/** Each language is named in itself, so a student who cannot read the current one still finds theirs. */
const LANGUAGE_KEYS: Record<Exclude<LanguageSetting, 'auto'>, MessageKey> = { en: 'language_en', id: 'language_id' };

/** Raut's language: the browser's (default) or one chosen here. The page switches as soon as it is saved. */
export function LanguageField({ settings, update }: FieldProps) {
  const action = useAction();
  const { t } = useLocalizer();
  const browserChoice = t(LANGUAGE_KEYS[languageOfTag(browserLanguage())]);
  return (
    <div class="field">
      <label class="field__label" for="language">
        {t('language_label')}
      </label>
      <select
        id="language"
        class="input"
        data-testid="language"
        value={settings.language}
        onChange={(event) => {
          const language = event.currentTarget.value as LanguageSetting;
          void action.run(() => update({ language }));
        }}
      >
        {LANGUAGE_SETTINGS.map((setting) => (
          <option key={setting} value={setting} lang={setting === 'auto' ? undefined : setting}>
            {setting === 'auto' ? t('language_auto', { language: browserChoice }) : t(LANGUAGE_KEYS[setting])}
          </option>
        ))}
      </select>
      <ErrorMessage message={action.error} />
    </div>
  );
}
