/**
 * Measures issue 5's "ensemble" route: two expression models' probabilities averaged per face
 * (weight w on the second), on FER-2013 in Node with tfjs wasm, the same reading and preprocessing
 * as `npm run eval`. Prints each model alone, then each blend; and each model's median ms per face
 * (batch of one), since the blend costs both. Results and the decision: models/README.md,
 * "An ensemble of human-emotion and raut-cnn". Not part of `npm test`.
 *
 *   npx tsx scripts/measure-ensemble.ts [-- --data ../shared/data/fer2013/val --models human,raut-cnn --weights 0.2,0.3,0.4,0.5]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import { activateBackend } from './eval/backend';
import { loadClassifier, type ExpressionClassifier } from './eval/classifier';
import { predictProbabilities } from './eval/classify';
import { InputError } from './eval/input-error';
import { confusionMatrix, evaluateConfusion } from './eval/metrics';
import { locateModelFile, resolveEvalModel } from './eval/models';
import { readDataset } from './eval/readers';
import { EXPRESSIONS, argmax } from '../src/shared/taxonomy';

const TIMED_RUNS = 100;

function options() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--')),
    options: {
      data: { type: 'string', default: '../shared/data/fer2013/val' },
      models: { type: 'string', default: 'human,raut-cnn' },
      weights: { type: 'string', default: '0.2,0.3,0.4,0.5' },
    },
  });
  const models = values.models.split(',');
  if (models.length !== 2) throw new InputError(`--models takes two model ids separated by a comma, got "${values.models}"`);
  const weights = values.weights.split(',').map(Number);
  if (weights.some((w) => !(w >= 0 && w <= 1))) throw new InputError(`--weights takes numbers from 0 to 1, got "${values.weights}"`);
  return { data: values.data, models: models as [string, string], weights };
}

function describe(name: string, truth: readonly number[], rows: readonly number[][]): string {
  const metrics = evaluateConfusion(confusionMatrix(truth, rows.map((row) => argmax(row)), EXPRESSIONS.length));
  return `${name.padEnd(34)} accuracy ${(100 * metrics.accuracy).toFixed(2)} %  macro F1 ${metrics.macro.f1.toFixed(4)}  valence ${(100 * metrics.valenceAccuracy).toFixed(1)} %`;
}

async function medianMsPerFace(classifier: ExpressionClassifier): Promise<number> {
  const size = classifier.adapter.inputSize;
  const face = tf.randomUniform([1, size, size, 1]) as tf.Tensor4D;
  const times: number[] = [];
  for (let run = -10; run < TIMED_RUNS; run++) {
    const started = performance.now();
    const probabilities = classifier.predict(face);
    await probabilities.data();
    probabilities.dispose();
    if (run >= 0) times.push(performance.now() - started);
  }
  face.dispose();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const { data, models, weights } = options();
  await activateBackend('wasm', (message) => process.stderr.write(`${message}\n`));
  const dataset = await readDataset(data, { warn: (message) => process.stderr.write(`${message}\n`) });
  const truth = dataset.images.map((image) => image.label);
  const images = dataset.images.map((image) => image.image);
  const probabilities: number[][][] = [];
  for (const id of models) {
    const adapter = resolveEvalModel(id);
    const classifier = await loadClassifier(tf, adapter, locateModelFile(adapter));
    probabilities.push(await predictProbabilities(tf, classifier, images, { batchSize: 64, mirror: false }));
    console.log(`${describe(id, truth, probabilities.at(-1)!)}  (${(await medianMsPerFace(classifier)).toFixed(2)} ms per face, median of ${TIMED_RUNS})`);
    classifier.dispose();
  }
  const [first, second] = probabilities as [number[][], number[][]];
  for (const w of weights) {
    const blend = first.map((row, i) => row.map((p, k) => (1 - w) * p + w * second[i]![k]!));
    console.log(describe(`${models[0]} + ${w} × ${models[1]}`, truth, blend));
  }
  console.log(`${dataset.name}: ${truth.length} faces${dataset.skipped ? `, ${dataset.skipped} skipped` : ''}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`measure-ensemble: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof InputError ? 2 : 1);
});
