import { describe, expect, it } from 'vitest';
import { placeDetector, wantedDetectorDelegate } from '../../src/offscreen/detector-placement';
import { hasHardwareWebgl, softwareAdapterName, softwareFallback } from '../../src/offscreen/gpu-probe';
import type { DetectorDelegate } from '../../src/shared/types';

describe('hasHardwareWebgl', () => {
  it('accepts GPU renderers and refuses software ones and a missing WebGL2', () => {
    expect(hasHardwareWebgl('ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(true);
    expect(hasHardwareWebgl('ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)')).toBe(true);
    expect(hasHardwareWebgl('ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)')).toBe(false);
    expect(hasHardwareWebgl('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(false);
    expect(hasHardwareWebgl('ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)')).toBe(false);
    expect(hasHardwareWebgl(null)).toBe(false);
  });
});

describe('softwareAdapterName', () => {
  it('names SwiftShader and fallback adapters, and passes a GPU', () => {
    expect(softwareAdapterName({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } })).toBe('google swiftshader');
    expect(softwareAdapterName({ info: { vendor: 'mesa', architecture: '', isFallbackAdapter: true } })).toBe('mesa');
    expect(softwareAdapterName({ isFallbackAdapter: true })).toBe('fallback adapter');
    expect(softwareAdapterName({ info: { vendor: 'nvidia', architecture: 'ampere', description: 'NVIDIA GeForce RTX 3060' } })).toBeNull();
    expect(softwareAdapterName({ info: { vendor: 'intel', architecture: 'gen-12lp' } })).toBeNull();
    expect(softwareAdapterName({})).toBeNull();
  });
});

describe('softwareFallback', () => {
  it('skips a GPU backend on a software renderer unless the student chose that backend', () => {
    const skipped = { key: 'backendFallback_softwareGpu', params: { name: 'SwiftShader driver' } };
    expect(softwareFallback('webgl', 'auto', 'SwiftShader driver')).toEqual(skipped);
    expect(softwareFallback('webgpu', 'webgl', 'SwiftShader driver')).toEqual(skipped);
    expect(softwareFallback('webgl', 'webgl', 'SwiftShader driver')).toBeNull();
    expect(softwareFallback('webgpu', 'auto', null)).toBeNull();
  });
});

describe('wantedDetectorDelegate', () => {
  const gpu = 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)';
  const noGpu = 'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';

  it('asks for the GPU only where there is one and the student has not chosen a CPU backend', () => {
    for (const preference of ['auto', 'webgpu', 'webgl'] as const) {
      expect(wantedDetectorDelegate(preference, gpu)).toBe('GPU');
      expect(wantedDetectorDelegate(preference, noGpu)).toBe('CPU');
    }
    for (const preference of ['wasm', 'cpu'] as const) expect(wantedDetectorDelegate(preference, gpu)).toBe('CPU');
  });
});

describe('placeDetector', () => {
  /** Stands in for FaceFinder.create, which needs a browser: records each delegate tried. */
  function creator(failing: DetectorDelegate[]) {
    const tried: DetectorDelegate[] = [];
    const create = async (delegate: DetectorDelegate) => {
      tried.push(delegate);
      if (failing.includes(delegate)) throw new Error(`${delegate} delegate: shader compile failed`);
      return `finder on ${delegate}`;
    };
    return { tried, create };
  }

  it('runs the wanted delegate without a remark', async () => {
    for (const wanted of ['GPU', 'CPU'] as const) {
      const { tried, create } = creator([]);
      expect(await placeDetector(wanted, create)).toEqual({ finder: `finder on ${wanted}`, fallback: null });
      expect(tried).toEqual([wanted]);
    }
  });

  it('falls back from a failing GPU delegate to the CPU one and keeps why', async () => {
    const { tried, create } = creator(['GPU']);
    const placed = await placeDetector('GPU', create);
    expect(tried).toEqual(['GPU', 'CPU']);
    expect(placed.finder).toBe('finder on CPU');
    expect(placed.fallback).toEqual({ key: 'detectorFallback_gpu', params: { reason: 'GPU delegate: shader compile failed' } });
  });

  it('lets a CPU failure through: there is nowhere left to fall back to', async () => {
    await expect(placeDetector('CPU', creator(['CPU']).create)).rejects.toThrow('CPU delegate: shader compile failed');
    await expect(placeDetector('GPU', creator(['GPU', 'CPU']).create)).rejects.toThrow('CPU delegate: shader compile failed');
  });
});
