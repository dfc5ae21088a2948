/**
 * Where the face detector runs. MediaPipe uploads every frame to WebGL whatever its delegate. With
 * the CPU delegate it then reads the whole frame back (a readPixels that waits on the GPU) and runs
 * BlazeFace in its wasm build; with the GPU delegate the frame stays a texture, BlazeFace runs in
 * WebGL shaders and only the detections come back. So the GPU delegate is asked for where the
 * student has a real GPU and has not chosen a CPU backend; on a software renderer (gpu-probe.ts)
 * it would only emulate the GPU on the CPU, 5-10 times slower than the CPU delegate.
 */
import { hasHardwareWebgl } from './gpu-probe';
import { messageOf } from '../shared/error-message';
import { localizedText, type LocalizedText } from '../shared/i18n';
import type { BackendPreference, DetectorDelegate } from '../shared/types';

/** `webglRenderer`: gpu-probe.ts's webglRenderer(), probed once per engine start. */
export function wantedDetectorDelegate(preference: BackendPreference, webglRenderer: string | null): DetectorDelegate {
  if (preference === 'wasm' || preference === 'cpu') return 'CPU';
  return hasHardwareWebgl(webglRenderer) ? 'GPU' : 'CPU';
}

export interface PlacedDetector<Finder> {
  finder: Finder;
  /** Why the GPU delegate was wanted and not used; null when the wanted delegate runs. */
  fallback: LocalizedText | null;
}

/**
 * Creates the detector with the wanted delegate; a GPU delegate that fails (an old driver, a lost
 * context, shaders that do not compile) falls back to the CPU one, keeping why for the popup.
 */
export async function placeDetector<Finder>(wanted: DetectorDelegate, create: (delegate: DetectorDelegate) => Promise<Finder>): Promise<PlacedDetector<Finder>> {
  if (wanted === 'CPU') return { finder: await create('CPU'), fallback: null };
  try {
    return { finder: await create('GPU'), fallback: null };
  } catch (error) {
    const reason = messageOf(error);
    return { finder: await create('CPU'), fallback: localizedText('detectorFallback_gpu', { reason }) };
  }
}
