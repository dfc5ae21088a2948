/**
 * Whether the browser's WebGL and WebGPU run on a real GPU. Without one, Chromium may still offer
 * both through SwiftShader (and Linux through Mesa's llvmpipe): a GPU emulated on the CPU. Measured
 * in the class at 1 frame/s, TensorFlow.js on such WebGL added 30.9 % of a core against 5.8 % on
 * WebAssembly (docs/performance.md, "Eleventh pass"), so Raut treats a software renderer as no GPU.
 */
import { localizedText, type LocalizedText } from '../shared/i18n';
import type { Backend, BackendPreference } from '../shared/types';

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE_RENDERERS.test(name);
}

/** The WebGL2 renderer's name, or null when there is no WebGL2 at all. */
export function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return null;
  const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** True when WebGL2 runs on a GPU rather than a software renderer (`renderer`: webglRenderer()'s answer). */
export function hasHardwareWebgl(renderer: string | null): boolean {
  return renderer !== null && !isSoftwareRenderer(renderer);
}

/** What a WebGPU adapter says of itself (`info` is newer than the WebGPU typings here). */
export interface WebgpuAdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

/** The adapter's name when it is a software one (SwiftShader, a "fallback adapter"); null for a GPU. */
export function softwareAdapterName(adapter: WebgpuAdapterLike): string | null {
  const { vendor = '', architecture = '', description = '' } = adapter.info ?? {};
  const name = [vendor, architecture, description].filter(Boolean).join(' ');
  const fallback = adapter.info?.isFallbackAdapter === true || adapter.isFallbackAdapter === true;
  return fallback || isSoftwareRenderer(name) ? name || 'fallback adapter' : null;
}

/**
 * Why `backend` is skipped on a software renderer called `softwareName` (null: a real GPU); never
 * for the backend the student chose: that choice stands.
 */
export function softwareFallback(backend: Backend, preference: BackendPreference, softwareName: string | null): LocalizedText | null {
  if (backend === preference || softwareName === null) return null;
  return localizedText('backendFallback_softwareGpu', { name: softwareName });
}
