import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../scripts/eval/classifier';
import { locateModelFile } from '../../scripts/eval/models';
import { loadWeightMapFromDisk } from '../../scripts/eval/node-model';
import { runEval } from '../../scripts/eval/run-eval';
import { runSequenceEval } from '../../scripts/eval/run-sequence-eval';
import { SMOOTHING_VARIANTS } from '../../scripts/eval/sequence-scoring';
import { faceApiExpression } from '../../src/offscreen/models/faceapi-expression';
import { EXPRESSIONS } from '../../src/shared/taxonomy';

const VAL = path.resolve('../shared/data/fer2013/val');
const dataPresent = existsSync(VAL);
const LIMIT_PER_CLASS = 70;
/** PublicTest has 56 disgust faces, fewer than the limit. */
const LIMITED_COUNT = 6 * LIMIT_PER_CLASS + 56;

describe.skipIf(!dataPresent)(dataPresent ? 'FER-2013 PublicTest (val folder)' : 'FER-2013 PublicTest: skipped, ../shared/data/fer2013 not present', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'raut-eval-val-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(`the default model scores above 55 % on the first ${LIMIT_PER_CLASS} faces per class (65.3 % on all 3589)`, async () => {
    const report = await runEval(
      { dataPath: VAL, modelId: 'raut', backend: 'wasm', tta: 'none', limitPerClass: LIMIT_PER_CLASS, batchSize: 64 },
      { warn: () => {} },
    );
    expect(report.backend).toBe('wasm');
    expect(report.metrics.n).toBe(LIMITED_COUNT);
    expect(report.metrics.perClass.map((m) => m.support)).toEqual(EXPRESSIONS.map((e) => (e === 'disgust' ? 56 : LIMIT_PER_CLASS)));
    expect(report.metrics.accuracy).toBeGreaterThan(0.55);
    expect(report.metrics.accuracy).toBeLessThan(0.8);
    expect(report.metrics.valenceAccuracy).toBeGreaterThan(report.metrics.accuracy);
  });

  it('--sequences: frame sequences from the first 10 faces per class, every variant without and with flip', async () => {
    const report = await runSequenceEval(
      { dataPath: VAL, modelId: 'raut', backend: 'wasm', limitPerClass: 10, batchSize: 64, sequence: { seed: 1, framesPerSecond: 1, minHoldSeconds: 2, maxHoldSeconds: 8 } },
      { warn: () => {} },
    );
    expect(report.stillImages).toBe(70);
    expect(report.frames).toBeGreaterThan(2 * 70);
    expect(report.switches).toBe(70 - report.sequences);
    expect(report.scores).toHaveLength(2 * SMOOTHING_VARIANTS.length);
    const unsmoothed = report.scores[0]!;
    expect(unsmoothed).toMatchObject({ method: 'off', tta: 'none' });
    expect(unsmoothed.metrics.n).toBe(report.frames);
    expect(unsmoothed.metrics.accuracy).toBeGreaterThan(0.4);
    // On these frames every smoothing changes its answer less often than the raw frames do.
    for (const score of report.scores.filter((s) => s.tta === 'none')) expect(score.changesPer100Frames).toBeLessThanOrEqual(unsmoothed.changesPer100Frames);
  });

  it('the CLI prints the JSON summary on the last stdout line and writes the SVG', async () => {
    const svg = path.join(scratch, 'confusion.svg');
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import', 'tsx', path.resolve('scripts/eval/index.ts'),
      '--data', VAL, '--model', 'human', '--limit', '5', '--tta', 'flip', '--svg', svg, '--json',
    ]);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(Object.keys(summary).slice(0, 7)).toEqual(['model', 'n', 'accuracy', 'macro_f1', 'valence_accuracy', 'per_class', 'confusion']);
    expect(summary).toMatchObject({ model: 'human', n: 35, tta: 'flip' });
    expect(Object.keys(summary.per_class as object)).toEqual([...EXPRESSIONS]);
    expect((summary.confusion as number[][]).flat().reduce((a, b) => a + b, 0)).toBe(35);
    expect(readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
  });
});

describe('faceapi adapter', () => {
  it("reproduces @vladmandic/face-api's own FaceExpressionNet", async () => {
    // face-api's Node build for the wasm backend shares this process's @tensorflow/tfjs.
    const faceapi = createRequire(import.meta.url)('@vladmandic/face-api/dist/face-api.node-wasm.js');
    // Whatever ran before in this worker, pick and initialise a backend (face-api registers wasm
    // without initialising it); the comparison itself does not depend on which one.
    await tf.setBackend('cpu');
    await tf.ready();
    const modelFile = locateModelFile(faceApiExpression);
    const reference = faceapi.nets.faceExpressionNet;
    reference.loadFromWeightMap(await loadWeightMapFromDisk(tf, modelFile));
    const ours = await loadClassifier(tf, faceApiExpression, modelFile);

    for (const seed of [1, 2, 3]) {
      const pixels = tf.tidy(() => tf.randomUniform([48, 48, 3], 0, 256, 'int32', seed));
      const expected = await reference.forward(pixels);
      const actual = ours.predict(tf.expandDims(tf.div(tf.cast(pixels, 'float32'), 255)) as tf.Tensor4D);
      const [actualValues, expectedValues] = [await actual.data(), await expected.data()];
      expect(actualValues).toHaveLength(7);
      const largestDifference = Math.max(...actualValues.map((value, i) => Math.abs(value - (expectedValues[i] as number))));
      expect(largestDifference).toBeLessThan(1e-5);
      tf.dispose([pixels, expected, actual]);
    }
    ours.dispose();
  });
});
