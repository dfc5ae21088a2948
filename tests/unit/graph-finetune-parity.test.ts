import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateBackend } from '../../scripts/eval/backend';
import { loadGraphModelFromDisk } from '../../scripts/eval/node-model';
import { humanEmotion } from '../../src/offscreen/models/human-emotion';
import { PYTHON, largestDifference, readParityCase, torchAvailable, torchSkipReason as skipReason, type ParityCase } from '../helpers/parity-case';

/**
 * Fine-tuning a tfjs graph in PyTorch (training/tfjs_graph.py, train.py --init-graph): human's
 * mini-Xception read into PyTorch with every weight changed, written back as a tfjs graph, gives in
 * tfjs (wasm, through the human-emotion adapter's own 48 → 64 resize and scaling) PyTorch's
 * probabilities within 1e-4 on 100 faces. Needs torch (CI installs python3-torch).
 */
const TOLERANCE = 1e-4;
const ORIGINAL = path.resolve('node_modules/@vladmandic/human/models/emotion.json');

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

describe.skipIf(!torchAvailable)(
  torchAvailable ? 'fine-tuned tfjs graph parity (PyTorch → tfjs)' : `fine-tuned graph parity: skipped, ${skipReason}`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'raut-graph-parity-'));
    let parity: ParityCase;
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));
    beforeAll(async () => {
      await promisify(execFile)(PYTHON, [path.resolve('training/make_graph_parity.py'), scratch, ORIGINAL], { timeout: 120_000 });
      parity = readParityCase(scratch);
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
