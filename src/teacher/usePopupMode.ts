import { useEffect, useState } from 'preact/hooks';
import { teacherStore } from './browser-store';
import { loadPopupMode, savePopupMode, type PopupMode } from './classes';

/** The popup's Student / Teacher mode, remembered in storage.local (`popupMode`). */
export function usePopupMode(): [PopupMode, (mode: PopupMode) => void] {
  const [mode, setMode] = useState<PopupMode>('student');
  useEffect(() => {
    void loadPopupMode(teacherStore).then(setMode);
  }, []);
  const change = (next: PopupMode) => {
    setMode(next);
    void savePopupMode(teacherStore, next);
  };
  return [mode, change];
}
