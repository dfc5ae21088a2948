import * as tf from '@tensorflow/tfjs';
import { activateBackend, type BackendName } from './backend';
import { loadClassifier } from './classifier';
import { predictProbabilities } from './classify';
import { buildFrameSequences, DEFAULT_SEQUENCE_OPTIONS, type SequenceOptions } from './frame-sequences';
import { loadEvalInputs, type EvalHooks, type EvalOptions } from './run-eval';
import { changesPer100Frames, scoreAllVariants, type VariantScore } from './sequence-scoring';

export interface SequenceEvalOptions extends Omit<EvalOptions, 'tta'> {
  sequence: Pick<SequenceOptions, 'seed' | 'framesPerSecond' | 'minHoldSeconds' | 'maxHoldSeconds'>;
}

export interface SequenceEvalReport {
  modelId: string;
  adapterId: string;
  adapterVersion: string;
  dataset: string;
  backend: BackendName;
  sequenceOptions: SequenceOptions;
  stillImages: number;
  skipped: number;
  frames: number;
  sequences: number;
  switches: number;
  classChanges: number;
  /** How often the true class changes, per 100 frames: the floor for a perfect classifier. */
  truthChangesPer100Frames: number;
  /** Every smoothing variant, without then with mirror TTA. */
  scores: VariantScore[];
  /** Inference time for all frames, face and mirror image. */
  seconds: number;
}

export async function runSequenceEval(options: SequenceEvalOptions, hooks: EvalHooks): Promise<SequenceEvalReport> {
  const { adapter, modelFile, dataset } = await loadEvalInputs(options, hooks);
  const sequenceOptions: SequenceOptions = { ...DEFAULT_SEQUENCE_OPTIONS, ...options.sequence };
  const sequences = buildFrameSequences(dataset.images, sequenceOptions);
  const images = sequences.frames.map((frame) => frame.image);

  const backend = await activateBackend(options.backend, hooks.warn);
  const classifier = await loadClassifier(tf, adapter, modelFile);
  const progress = hooks.startProgress?.(2 * images.length);
  try {
    const started = performance.now();
    const plain = await predictProbabilities(tf, classifier, images, { batchSize: options.batchSize, mirror: false, onProgress: (done) => progress?.update(done) });
    const mirrored = await predictProbabilities(tf, classifier, images, {
      batchSize: options.batchSize,
      mirror: true,
      onProgress: (done) => progress?.update(images.length + done),
    });
    const seconds = (performance.now() - started) / 1000;
    return {
      modelId: options.modelId,
      adapterId: adapter.id,
      adapterVersion: adapter.version,
      dataset: dataset.name,
      backend,
      sequenceOptions,
      stillImages: dataset.images.length,
      skipped: dataset.skipped,
      frames: sequences.frames.length,
      sequences: sequences.sequenceCount,
      switches: sequences.switchCount,
      classChanges: sequences.classChangeCount,
      truthChangesPer100Frames: changesPer100Frames(sequences.frames, sequences.frames.map((frame) => frame.label)),
      scores: scoreAllVariants(sequences.frames, plain, mirrored),
      seconds,
    };
  } finally {
    progress?.finish();
    classifier.dispose();
  }
}
