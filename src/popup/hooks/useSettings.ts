import { useCallback, useEffect, useState } from 'preact/hooks';
import { messageOf } from '../../shared/error-message';
import { loadSettings, onSettingsChanged, saveSettings } from '../../shared/settings';
import type { Settings } from '../../shared/types';
import { tellBackground } from '../lib/background';
import { describeError, localizedError } from '../../shared/i18n';
import { useLocalizer } from '../localizer';

export interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
  /** Saves a change, then tells the background; rejects when either fails. */
  update: (patch: Partial<Settings>) => Promise<Settings>;
}

/** Use once (in App): onSettingsChanged has no way to unsubscribe. */
export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadFailure, setLoadFailure] = useState<unknown>(null);
  const { t } = useLocalizer();

  useEffect(() => {
    loadSettings().then(setSettings, (failure: unknown) => setLoadFailure(failure ?? new Error()));
    onSettingsChanged(setSettings);
  }, []);

  const update = useCallback(async (patch: Partial<Settings>) => {
    const next = await saveSettings(patch);
    setSettings(next);
    try {
      await tellBackground({ type: 'settings-changed' });
    } catch (failure) {
      throw localizedError('settings_backgroundNotTold', { reason: messageOf(failure) });
    }
    return next;
  }, []);

  const loadError = loadFailure === null ? null : t('settings_readFailed', { reason: describeError(loadFailure, t) });
  return { settings, loadError, update };
}
