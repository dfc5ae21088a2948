/**
 * Picks the TensorFlow.js backend: WebGPU first, then WebGL, WASM and CPU. Each candidate must
 * initialise and run a tiny op before it is accepted; every fallback keeps its reason for the popup.
 * WebGPU and WebGL on a software renderer (a GPU emulated on the CPU, gpu-probe.ts) are skipped
 * unless the student chose that backend: WebAssembly costs the class far less there.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { messageOf } from '../shared/error-message';
import { localizedError, localizedText, type DisplayText, type LocalizedText } from '../shared/i18n';
import { BACKENDS, type Backend, type BackendPreference } from '../shared/types';
import { isSoftwareRenderer, softwareAdapterName, softwareFallback, webglRenderer, type WebgpuAdapterLike } from './gpu-probe';

export interface BackendChoice {
  backend: Backend;
  /** Why earlier candidates were skipped, e.g. "webgpu: no adapter", worded by the popup. */
  fallbacks: LocalizedText[];
}

function candidatesFor(preference: BackendPreference): Backend[] {
  if (preference === 'auto') return [...BACKENDS];
  // A forced backend still falls back, so a missing GPU never means no analysis.
  return [preference, ...BACKENDS.filter((backend) => backend !== preference)];
}

async function webgpuUnavailableReason(preference: BackendPreference): Promise<LocalizedText | null> {
  const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<WebgpuAdapterLike | null> } }).gpu;
  if (!gpu) return localizedText('backendFallback_noWebgpu');
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return localizedText('backendFallback_noAdapter');
  return softwareFallback('webgpu', preference, softwareAdapterName(adapter));
}

function webglSoftwareReason(preference: BackendPreference, renderer: string | null): LocalizedText | null {
  return softwareFallback('webgl', preference, renderer !== null && isSoftwareRenderer(renderer) ? renderer : null);
}

/** Null when the backend works; otherwise why not (TensorFlow.js's own words are a technical detail, kept as they are). */
async function tryBackend(backend: Backend, preference: BackendPreference, renderer: string | null): Promise<DisplayText | null> {
  const skipped = backend === 'webgpu' ? await webgpuUnavailableReason(preference) : backend === 'webgl' ? webglSoftwareReason(preference, renderer) : null;
  if (skipped) return skipped;
  try {
    if (!(await tf.setBackend(backend))) return localizedText('backendFallback_initFailed');
    await tf.ready();
    const probe = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(1)));
    const value = (await probe.data())[0];
    probe.dispose();
    return value === 2 ? null : localizedText('backendFallback_selfTestFailed');
  } catch (error) {
    return messageOf(error);
  }
}

/** `renderer`: the WebGL renderer's name (gpu-probe.ts), probed by the caller when it also places the detector. */
export async function selectBackend(preference: BackendPreference, wasmDirUrl: string, renderer: string | null = webglRenderer()): Promise<BackendChoice> {
  setWasmPaths(wasmDirUrl);
  // The threaded WASM build starts its workers from blob: URLs, which extension CSP forbids (it
  // would hang at start). One thread is also the right share of a student's laptop during a call.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  const fallbacks: LocalizedText[] = [];
  for (const backend of candidatesFor(preference)) {
    const reason = await tryBackend(backend, preference, renderer);
    if (reason === null) return { backend, fallbacks };
    fallbacks.push(localizedText('backendFallback_reason', { backend, reason }));
  }
  throw localizedError('engine_noBackend', { reasons: fallbacks });
}
