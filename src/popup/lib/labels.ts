/** Words the popup shows for Raut's identifiers. */
import type { Expression, ValenceGroup } from '../../shared/taxonomy';
import type { Backend, BackendPreference } from '../../shared/types';

export { PLATFORM_LABELS } from '../../shared/types';

export const BACKEND_LABELS: Record<Backend, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WebAssembly',
  cpu: 'CPU',
};

export const BACKEND_PREFERENCE_LABELS: Record<BackendPreference, string> = {
  auto: 'Automatic (recommended)',
  ...BACKEND_LABELS,
};

export const VALENCE_LABELS: Record<ValenceGroup, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
};

export function expressionLabel(expression: Expression): string {
  return expression.charAt(0).toUpperCase() + expression.slice(1);
}

/** "Mon 23 Nov, 14:05" in the student's locale. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return typeof error === 'string' && error ? error : 'Something went wrong.';
}
