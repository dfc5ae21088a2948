import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../scripts/eval/backend';
import { loadGraphModelFromDisk } from '../../scripts/eval/node-model';
import { humanEmotion } from '../../src/offscreen/models/human-emotion';

/**
 * Fine-tuning a tfjs graph in PyTorch (training/tfjs_graph.py, train.py --init-graph): human's
 * mini-Xception read into PyTorch with every weight changed, written back as a tfjs graph, gives in
 * tfjs (wasm, through the human-emotion adapter's own 48 → 64 resize and scaling) PyTorch's
 * probabilities within 1e-4 on 100 faces. Needs torch (CI installs python3-torch).
 */
const PYTHON = '/usr/bin/python3';
const TOLERANCE = 1e-4;
const ORIGINAL = path.resolve('node_modules/@vladmandic/human/models/emotion.json');

const torchCheck = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
const torchAvailable = torchCheck.status === 0;
const skipReason = torchCheck.error ? `${PYTHON} not found` : `torch not importable by ${PYTHON} (apt-get install python3-torch)`;

interface ParityCase {
  faces: Uint8Array;
  reference: Float32Array;
  count: number;
  size: number;
}

function readCase(directory: string): ParityCase {
  const meta = JSON.parse(readFileSync(path.join(directory, 'meta.json'), 'utf8')) as { count: number; size: number; classes: number };
  const referenceBytes = readFileSync(path.join(directory, 'reference.f32'));
  const reference = new Float32Array(referenceBytes.buffer.slice(referenceBytes.byteOffset, referenceBytes.byteOffset + referenceBytes.byteLength));
  expect(reference.length).toBe(meta.count * meta.classes);
  return { faces: new Uint8Array(readFileSync(path.join(directory, 'inputs.u8'))), reference, count: meta.count, size: meta.size };
}

async function tfjsProbabilities(modelJson: string, parity: ParityCase): Promise<Float32Array> {
  const model = await loadGraphModelFromDisk(tf, modelJson);
  try {
    const output = tf.tidy(() => {
      const faces = tf.div(tf.tensor4d(parity.faces, [parity.count, parity.size, parity.size, 1], 'float32'), 255) as tf.Tensor4D;
      return model.execute(humanEmotion.preprocess(tf, faces)) as tf.Tensor2D;
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  } finally {
    model.dispose();
  }
}

function largestDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, value, i) => Math.max(worst, Math.abs(value - (b[i] as number))), 0);
}

describe.skipIf(!torchAvailable)(
  torchAvailable ? 'fine-tuned tfjs graph parity (PyTorch → tfjs)' : `fine-tuned graph parity: skipped, ${skipReason}`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'raut-graph-parity-'));
    let parity: ParityCase;
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    beforeAll(async () => {
      await promisify(execFile)(PYTHON, [path.resolve('training/make_graph_parity.py'), scratch, ORIGINAL], { timeout: 120_000 });
      parity = readCase(scratch);
      expect(await activateBackend('wasm', () => {})).toBe('wasm');
    }, 150_000);

    it(`the written graph gives PyTorch's probabilities within ${TOLERANCE} in tfjs wasm`, async () => {
      expect(largestDifference(await tfjsProbabilities(path.join(scratch, 'model.json'), parity), parity.reference)).toBeLessThan(TOLERANCE);
    });

    it('the comparison can fail: the original weights differ from the changed ones far beyond the tolerance', async () => {
      expect(largestDifference(await tfjsProbabilities(ORIGINAL, parity), parity.reference)).toBeGreaterThan(100 * TOLERANCE);
    });
  },
);
