import type { ModelAdapter } from './adapter';
import { humanEmotion } from './human-emotion';

/** Every expression model Raut can run, by id. The first is the default. */
export const MODEL_ADAPTERS: readonly ModelAdapter[] = [humanEmotion];

export const DEFAULT_MODEL_ID = humanEmotion.id;

export function findModelAdapter(id: string): ModelAdapter | undefined {
  return MODEL_ADAPTERS.find((adapter) => adapter.id === id);
}
