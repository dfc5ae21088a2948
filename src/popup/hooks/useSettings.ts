import { useCallback, useEffect, useState } from 'preact/hooks';
import { loadSettings, onSettingsChanged, saveSettings } from '../../shared/settings';
import type { Settings } from '../../shared/types';
import { tellBackground } from '../lib/background';
import { errorMessage } from '../lib/labels';

export interface SettingsState {
  settings: Settings | null;
  loadError: string | null;
  /** Saves a change, then tells the background; rejects when either fails. */
  update: (patch: Partial<Settings>) => Promise<Settings>;
}

/** Use once (in App): onSettingsChanged has no way to unsubscribe. */
export function useSettings(): SettingsState {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    loadSettings().then(setSettings, (failure: unknown) =>
      setLoadError(`Your settings could not be read: ${errorMessage(failure)}`),
    );
    onSettingsChanged(setSettings);
  }, []);

  const update = useCallback(async (patch: Partial<Settings>) => {
    const next = await saveSettings(patch);
    setSettings(next);
    try {
      await tellBackground({ type: 'settings-changed' });
    } catch (failure) {
      throw new Error(`Saved, but Raut’s background could not be told yet (${errorMessage(failure)}).`);
    }
    return next;
  }, []);

  return { settings, loadError, update };
}
