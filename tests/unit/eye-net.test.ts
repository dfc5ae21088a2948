/**
 * The eye net (src/offscreen/attention/eye-net.ts) as tfjs runs it: the PyTorch → tfjs export of
 * training/eye_net.py (its flatten reorders channels-first to channels-last) gives PyTorch's outputs
 * within 1e-4 through the adapter's own input scaling; the shipped model has the shape the adapter
 * reads; and crop units map back to frame pixels for plain, turned and mirrored crops.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../scripts/eval/backend';
import { loadLayersModelFromDisk } from '../../scripts/eval/node-model';
import { cropToFrame, eyeCrop, loadEyeModelFile } from '../../src/offscreen/attention/eye-crop';
import { EYE_NET_CROP, EYE_NET_PATH, eyeNetInputSide, shrinkEyes, shrinkSquare, toNetworkInput } from '../../src/offscreen/attention/eye-net';
import { EYE_POINT_COUNT } from '../../src/shared/gaze';
import { LocalizedError } from '../../src/shared/i18n';
import { PYTHON, largestDifference, readParityCase, torchAvailable, torchSkipReason, type ParityCase } from '../helpers/parity-case';

const FIXTURE = path.resolve('tests/fixtures/eye-net-parity');
const TOLERANCE = 1e-4;

/** Gray 0..255 → 0..1 → the adapter's scaling and shrink to the net's side → the model, optionally with the rows and columns swapped. */
async function tfjsOutputs(directory: string, fixture: ParityCase, transpose = false): Promise<Float32Array> {
  const model = await loadLayersModelFromDisk(tf, path.join(directory, 'model.json'));
  try {
    const gray = Float32Array.from(fixture.faces, (level) => level / 255);
    toNetworkInput(gray);
    const side = eyeNetInputSide(model);
    const shrunk = shrinkEyes(gray, fixture.count, side);
    const output = tf.tidy(() => {
      let input = tf.tensor4d(shrunk, [fixture.count, side, side, 1]);
      if (transpose) input = tf.transpose(input, [0, 2, 1, 3]);
      return model.predict(input) as tf.Tensor2D;
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  } finally {
    model.dispose();
  }
}

describe('eye net converter parity (committed fixture)', () => {
  const fixture = readParityCase(FIXTURE);

  it('is the eye net\'s input and output shape, and the outputs differ between eyes', () => {
    expect(fixture.size).toBe(EYE_NET_CROP);
    expect(fixture.columns).toBe(EYE_POINT_COUNT * 2);
    const firstOutputs = Array.from({ length: fixture.count }, (_, i) => fixture.reference[i * fixture.columns]!);
    expect(Math.max(...firstOutputs) - Math.min(...firstOutputs)).toBeGreaterThan(100 * TOLERANCE);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`tfjs ${backend} gives PyTorch's outputs within ${TOLERANCE} on ${fixture.count} synthetic eyes`, async () => {
      expect(await activateBackend(backend, () => {})).toBe(backend);
      expect(largestDifference(await tfjsOutputs(FIXTURE, fixture), fixture.reference)).toBeLessThan(TOLERANCE);
    });
  }

  it('the comparison catches a layout mistake: transposed eyes (H↔W) differ far beyond the tolerance', async () => {
    expect(await activateBackend('cpu', () => {})).toBe('cpu');
    expect(largestDifference(await tfjsOutputs(FIXTURE, fixture, true), fixture.reference)).toBeGreaterThan(100 * TOLERANCE);
  });
});

describe.skipIf(!torchAvailable)(torchAvailable ? 'eye net converter parity (fresh export through PyTorch)' : `eye net fresh export: skipped, ${torchSkipReason}`, () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'eye-net-parity-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('training/eye_net.py parity exports a model that tfjs wasm runs within 1e-4 of PyTorch', async () => {
    await promisify(execFile)(PYTHON, [path.resolve('training/eye_net.py'), 'parity', scratch], { timeout: 120_000 });
    const fresh = readParityCase(scratch);
    expect(await activateBackend('wasm', () => {})).toBe('wasm');
    expect(largestDifference(await tfjsOutputs(scratch, fresh), fresh.reference)).toBeLessThan(TOLERANCE);
  });
});

describe('the shipped eye net', () => {
  it('is committed with a square gray input no larger than the sampled crop and nine points out', async () => {
    const file = path.resolve(EYE_NET_PATH);
    expect(existsSync(file), `${EYE_NET_PATH} (training/eye_net.py export)`).toBe(true);
    const topology = JSON.parse(readFileSync(file, 'utf8')) as { modelTopology: { config: { layers: { config: { batch_input_shape?: unknown } }[] } } };
    const [, side] = topology.modelTopology.config.layers[0]!.config.batch_input_shape as [null, number, number, number];
    expect(topology.modelTopology.config.layers[0]!.config.batch_input_shape).toEqual([null, side, side, 1]);
    expect(side % 8, 'three 2×2 poolings').toBe(0);
    expect(side).toBeLessThanOrEqual(EYE_NET_CROP);
    const model = await loadLayersModelFromDisk(tf, file);
    try {
      expect(eyeNetInputSide(model)).toBe(side);
      expect(model.outputs[0]!.shape).toEqual([null, EYE_POINT_COUNT * 2]);
    } finally {
      model.dispose();
    }
  });
});

describe('the eye net\'s input side', () => {
  it('refuses a model whose input is not one gray square no larger than the sampled crop', () => {
    const withInput = (shape: number[]) => {
      const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: shape }), tf.layers.dense({ units: 2 })] });
      try {
        return eyeNetInputSide(model);
      } finally {
        model.dispose();
      }
    };
    expect(withInput([24, 24, 1])).toBe(24);
    expect(() => withInput([32, 32, 3])).toThrow(/not \[n, s, s, 1\]/);
    expect(() => withInput([40, 40, 1])).toThrow(/s ≤ 32/);
    expect(() => withInput([24, 32, 1])).toThrow(/\[null,24,32,1\]/);
  });

  it('shrinks a sampled crop by area, each pixel the mean of the window it covers (training/eye_net.py shrink_to_input)', () => {
    const side = EYE_NET_CROP;
    const ramp = Float32Array.from({ length: 2 * side * side }, (_, i) => i);
    const out = new Float32Array(2 * 24 * 24);
    shrinkSquare(ramp, side, 24, out, side * side, 24 * 24);
    const windowMean = (i: number, j: number) => {
      const rows = [Math.floor((i * side) / 24), Math.ceil(((i + 1) * side) / 24)] as const;
      const cols = [Math.floor((j * side) / 24), Math.ceil(((j + 1) * side) / 24)] as const;
      let sum = 0;
      for (let y = rows[0]; y < rows[1]; y++) for (let x = cols[0]; x < cols[1]; x++) sum += side * side + y * side + x;
      return sum / ((rows[1] - rows[0]) * (cols[1] - cols[0]));
    };
    for (const [i, j] of [[0, 0], [1, 2], [23, 23], [11, 5]] as const) expect(out[24 * 24 + i * 24 + j]).toBeCloseTo(windowMean(i, j), 3);
    // Windows of 32 / 24 overlap: the second output row covers input rows 1 and 2, the first rows 0 and 1.
    expect(out[24 * 24]).toBeCloseTo(side * side + (0 + 1 + side + side + 1) / 4, 3);
    expect(out.slice(0, 24 * 24).every((value) => value === 0)).toBe(true);
  });
});

describe('crop units to frame pixels', () => {
  it('puts the crop centre on the eye centre and its edges half a side away along the eye line', () => {
    const crop = eyeCrop({ x: 100, y: 50 }, { x: 120, y: 50 }, false);
    expect(cropToFrame(crop, 0.5, 0.5)).toEqual({ x: 110, y: 50 });
    expect(cropToFrame(crop, 1, 0.5).x).toBeCloseTo(110 + crop.side / 2, 9);
    expect(cropToFrame(crop, 0.5, 1).y).toBeCloseTo(50 + crop.side / 2, 9);
  });

  it('mirrors the picture\'s right eye back and turns with the eye line', () => {
    const mirrored = eyeCrop({ x: 100, y: 50 }, { x: 120, y: 50 }, true);
    expect(cropToFrame(mirrored, 1, 0.5).x).toBeCloseTo(110 - mirrored.side / 2, 9);
    const turned = eyeCrop({ x: 100, y: 60 }, { x: 110, y: 50 }, false); // eye line rising 45°
    const end = cropToFrame(turned, 1, 0.5);
    expect(end.x - 105).toBeCloseTo(turned.side / 2 / Math.SQRT2, 9);
    expect(end.y - 55).toBeCloseTo(-turned.side / 2 / Math.SQRT2, 9);
  });
});

describe('a missing or broken eye model', () => {
  it('stops the load with the engine\'s eye-model message naming the file and the reason', async () => {
    const failing = loadEyeModelFile(EYE_NET_PATH, () => Promise.reject(new Error('404 Not Found')));
    await expect(failing).rejects.toBeInstanceOf(LocalizedError);
    await expect(failing).rejects.toMatchObject({ key: 'engine_eyeModelMissing', params: { reason: `${EYE_NET_PATH}: 404 Not Found` } });
  });

  it('passes a loaded model through untouched', async () => {
    const model = { name: 'model' };
    expect(await loadEyeModelFile(EYE_NET_PATH, () => Promise.resolve(model))).toBe(model);
  });
});
