import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { activateBackend, type BackendName } from '../../scripts/eval/backend';
import { loadLayersModelFromDisk } from '../../scripts/eval/node-model';
import { runEval } from '../../scripts/eval/run-eval';
import { rautCnn } from '../../src/offscreen/models/raut-cnn';
import { EXPRESSIONS } from '../../src/shared/taxonomy';
import { PYTHON, largestDifference, readParityCase as readFixture, torchAvailable, torchSkipReason as skipReason, type ParityCase as Fixture } from '../helpers/parity-case';

/**
 * The PyTorch → tfjs converter (training/export_tfjs.py): the exported layers model, run in tfjs
 * through the raut-cnn adapter's own preprocessing, gives PyTorch's probabilities within 1e-4.
 * The committed fixture (training/make_parity_fixture.py: a random reduced-width RautCnn, 100
 * synthetic faces, PyTorch's probabilities) always runs; a fresh export runs when torch is importable.
 */
const FIXTURE = path.resolve('tests/fixtures/raut-cnn-parity');
const TOLERANCE = 1e-4;

/** Faces 0..255 → [n, h, w, 1] in 0..1 (the adapter's input contract) → adapter preprocessing → model. */
async function tfjsProbabilities(directory: string, fixture: Fixture, transpose = false): Promise<Float32Array> {
  const model = await loadLayersModelFromDisk(tf, path.join(directory, 'model.json'));
  try {
    const output = tf.tidy(() => {
      let faces = tf.div(tf.tensor4d(fixture.faces, [fixture.count, fixture.size, fixture.size, 1], 'float32'), 255) as tf.Tensor4D;
      if (transpose) faces = tf.transpose(faces, [0, 2, 1, 3]);
      return model.predict(rautCnn.preprocess(tf, faces)) as tf.Tensor2D;
    });
    const values = (await output.data()) as Float32Array;
    output.dispose();
    return values;
  } finally {
    model.dispose();
  }
}

async function useBackend(backend: BackendName): Promise<void> {
  const active = await activateBackend(backend, () => {});
  expect(active).toBe(backend);
}

describe('raut-cnn converter parity (committed fixture)', () => {
  const fixture = readFixture(FIXTURE);

  it('the fixture is not degenerate: probabilities differ between faces and every class wins somewhere', () => {
    const winners = new Set<number>();
    for (let i = 0; i < fixture.count; i++) {
      const row = Array.from(fixture.reference.subarray(i * fixture.columns, (i + 1) * fixture.columns));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      winners.add(row.indexOf(Math.max(...row)));
    }
    expect(winners.size).toBe(fixture.columns);
  });

  for (const backend of ['cpu', 'wasm'] as const) {
    it(`tfjs ${backend} gives PyTorch's probabilities within ${TOLERANCE} on ${fixture.count} faces`, async () => {
      await useBackend(backend);
      const difference = largestDifference(await tfjsProbabilities(FIXTURE, fixture), fixture.reference);
      expect(difference).toBeLessThan(TOLERANCE);
    });
  }

  it('the comparison catches a layout mistake: transposed faces (H↔W) differ far beyond the tolerance', async () => {
    await useBackend('cpu');
    const difference = largestDifference(await tfjsProbabilities(FIXTURE, fixture, true), fixture.reference);
    expect(difference).toBeGreaterThan(100 * TOLERANCE);
  });
});

describe.skipIf(!torchAvailable)(
  torchAvailable ? 'raut-cnn converter parity (fresh export through PyTorch)' : `raut-cnn converter fresh export: skipped, ${skipReason}`,
  () => {
    const scratch = mkdtempSync(path.join(tmpdir(), 'raut-cnn-parity-'));
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('training/make_parity_fixture.py exports a model that tfjs wasm runs within 1e-4 of PyTorch', async () => {
      await promisify(execFile)(PYTHON, [path.resolve('training/make_parity_fixture.py'), scratch], { timeout: 120_000 });
      const fresh = readFixture(scratch);
      await useBackend('wasm');
      expect(largestDifference(await tfjsProbabilities(scratch, fresh), fresh.reference)).toBeLessThan(TOLERANCE);
    });
  },
);

const VAL = path.resolve('../shared/data/fer2013/val');
/** The committed export (epoch 6, CPU run) scores 59.2 % on all 3589 val faces; chance is 14 %. */
const ACCURACY_FLOOR = 0.45;
const exported = existsSync(path.resolve(rautCnn.modelPath));
const valPresent = existsSync(VAL);
const evalSkip = !valPresent ? '../shared/data/fer2013 not present' : `${rautCnn.modelPath} not exported (training/README.md)`;

describe.skipIf(!(valPresent && exported))(
  valPresent && exported ? 'the exported raut-cnn in npm run eval (FER-2013 val)' : `raut-cnn eval on val: skipped, ${evalSkip}`,
  () => {
    it('scores well above chance on the first 30 faces per class and predicts every class, disgust included', async () => {
      const report = await runEval(
        { dataPath: VAL, modelId: 'raut-cnn', backend: 'wasm', tta: 'none', limitPerClass: 30, batchSize: 64 },
        { warn: () => {} },
      );
      expect(report.adapterId).toBe('raut-cnn');
      expect(report.metrics.n).toBe(30 * EXPRESSIONS.length);
      expect(report.metrics.accuracy).toBeGreaterThan(ACCURACY_FLOOR);
      // A model that never predicts a class gets recall 0 there: every class must be found at least once.
      for (const perClass of report.metrics.perClass) expect(perClass.recall).toBeGreaterThan(0);
    });
  },
);
