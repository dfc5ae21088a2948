/**
 * The language of an extension page: the Settings choice (or the browser's language for "auto"),
 * read once and again whenever the choice changes. Views read it with useLocalizer().
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import { messageOf } from '../shared/error-message';
import { loadLocalizer } from '../shared/i18n-browser';
import type { LanguageSetting, Localizer } from '../shared/i18n';
import { loadSettings, onSettingsChanged } from '../shared/settings';

const LocalizerContext = createContext<Localizer | null>(null);

export function useLocalizer(): Localizer {
  const localizer = useContext(LocalizerContext);
  if (!localizer) throw new Error('useLocalizer() needs a <LocalizerProvider> around the page');
  return localizer;
}

/** Renders its children once the messages are loaded; the page's lang attribute follows. */
export function LocalizerProvider({ children }: { children: ComponentChildren }) {
  const [localizer, setLocalizer] = useState<Localizer | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let current: LanguageSetting | null = null;
    const apply = (setting: LanguageSetting) => {
      if (setting === current) return;
      current = setting;
      loadLocalizer(setting).then(
        (loaded) => {
          if (setting !== current) return; // a later choice won
          document.documentElement.lang = loaded.locale;
          setLocalizer(loaded);
        },
        (error: unknown) => setFailure(messageOf(error)),
      );
    };
    loadSettings().then(
      (settings) => apply(settings.language),
      () => apply('auto'),
    );
    onSettingsChanged((settings) => apply(settings.language));
  }, []);

  if (localizer) return <LocalizerContext.Provider value={localizer}>{children}</LocalizerContext.Provider>;
  // Not even the English file could be read: the browser's own copy of the same files still speaks.
  return failure ? <p class="outside error">{chrome.i18n.getMessage('error_textsUnavailable', [failure])}</p> : null;
}
