import * as tf from '@tensorflow/tfjs';
import { EXPRESSION_COUNT } from '../../src/shared/taxonomy';
import { activateBackend, type BackendName } from './backend';
import { classifyImages, type TestTimeAugmentation } from './classify';
import { loadClassifier } from './classifier';
import type { FerSplit } from './csv-reader';
import { InputError } from './input-error';
import { confusionMatrix, evaluateConfusion, type EvaluationMetrics } from './metrics';
import { locateModelFile, resolveEvalModel } from './models';
import { readDataset } from './readers';

export interface EvalOptions {
  dataPath: string;
  split?: FerSplit;
  /** CLI model id: raut, human or faceapi. */
  modelId: string;
  backend: BackendName;
  tta: TestTimeAugmentation;
  limitPerClass?: number;
  batchSize: number;
}

export interface EvalHooks {
  warn: (message: string) => void;
  /** Called once classification starts, with the image count; returns the per-batch progress callback. */
  startProgress?: (total: number) => { update(done: number): void; finish(): void };
}

export interface EvalReport {
  modelId: string;
  adapterId: string;
  adapterVersion: string;
  dataset: string;
  backend: BackendName;
  tta: TestTimeAugmentation;
  /** Malformed CSV rows or unreadable images left out. */
  skipped: number;
  metrics: EvaluationMetrics;
  seconds: number;
  imagesPerSecond: number;
}

/** The model to evaluate and the images, checked before any inference starts (a wrong path fails fast). */
export async function loadEvalInputs(options: Pick<EvalOptions, 'modelId' | 'dataPath' | 'split' | 'limitPerClass'>, hooks: EvalHooks) {
  const adapter = resolveEvalModel(options.modelId);
  const modelFile = locateModelFile(adapter);
  const dataset = await readDataset(options.dataPath, { split: options.split, limitPerClass: options.limitPerClass, warn: hooks.warn });
  if (dataset.images.length === 0) throw new InputError(`${options.dataPath}: no usable images${options.split ? ` in split ${options.split}` : ''}`);
  return { adapter, modelFile, dataset };
}

export async function runEval(options: EvalOptions, hooks: EvalHooks): Promise<EvalReport> {
  const { adapter, modelFile, dataset } = await loadEvalInputs(options, hooks);

  const backend = await activateBackend(options.backend, hooks.warn);
  const classifier = await loadClassifier(tf, adapter, modelFile);
  const progress = hooks.startProgress?.(dataset.images.length);
  try {
    const { predictions, seconds } = await classifyImages(
      tf,
      classifier,
      dataset.images.map((item) => item.image),
      { batchSize: options.batchSize, tta: options.tta, onProgress: (done) => progress?.update(done) },
    );
    const truth = dataset.images.map((item) => item.label);
    return {
      modelId: options.modelId,
      adapterId: adapter.id,
      adapterVersion: adapter.version,
      dataset: dataset.name,
      backend,
      tta: options.tta,
      skipped: dataset.skipped,
      metrics: evaluateConfusion(confusionMatrix(truth, predictions, EXPRESSION_COUNT)),
      seconds,
      imagesPerSecond: predictions.length / seconds,
    };
  } finally {
    progress?.finish();
    classifier.dispose();
  }
}
