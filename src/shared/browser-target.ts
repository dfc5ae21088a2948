/**
 * The browser this bundle was built for (vite.config.ts defines __RAUT_TARGET__ per build) and
 * what it can and cannot give Raut, so pages can say so plainly instead of failing silently.
 */
export type BrowserTarget = typeof __RAUT_TARGET__;

export const BROWSER_TARGET: BrowserTarget = __RAUT_TARGET__;

export interface BrowserCapabilities {
  /** Chromium: an offscreen document hosts the engine. Firefox: the background page does. */
  offscreenDocument: boolean;
  /** WebGPU in extension pages (Firefox has none there today). */
  webgpu: boolean;
}

export function capabilitiesOf(target: BrowserTarget): BrowserCapabilities {
  return target === 'firefox' ? { offscreenDocument: false, webgpu: false } : { offscreenDocument: true, webgpu: true };
}

export const CAPABILITIES: BrowserCapabilities = capabilitiesOf(BROWSER_TARGET);
