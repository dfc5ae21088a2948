import type { Settings } from '../../shared/types';

/** What every settings control gets: the current settings and a way to save a change. */
export interface FieldProps {
  settings: Settings;
  update: (patch: Partial<Settings>) => Promise<unknown>;
}
