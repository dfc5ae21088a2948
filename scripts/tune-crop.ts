/**
 * Crop-margin tuning: stages labelled face photos as webcam frames (a 260 px face in a 640×480
 * gray frame, downscaled to Settings.frameWidth as the content script does), runs the real engine
 * in Chromium (tests/harness/engine-page) at several crop margins on the same frames, and prints
 * accuracy, macro F1 and valence accuracy per margin. Not part of `npm test`.
 * `--detector GPU` runs the face detector on MediaPipe's GPU delegate instead of the CPU one (on a
 * machine without a GPU, SwiftShader's emulation: slow, but the answers are the GPU path's).
 *
 *   npm run tune-crop [-- --data ../shared/data/faces-muxspace --limit 60 --margins 0.2,0.3 --detector GPU]
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { confusionMatrix, evaluateConfusion, type EvaluationMetrics } from './eval/metrics';
import { REPO_ROOT } from './eval/models';
import { createProgressBar } from './eval/progress';
import { readDataset } from './eval/readers';
import { DEFAULT_SETTINGS, type DetectorDelegate } from '../src/shared/types';
import { EXPRESSIONS, EXPRESSION_COUNT, type Expression } from '../src/shared/taxonomy';
import { startEngineHarness, type PhotoScene } from '../tests/helpers/engine-harness';

const DEFAULT_MARGINS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4];

const SCENE: PhotoScene = { cameraWidth: 640, cameraHeight: 480, faceSide: 260, background: 120, frameWidth: DEFAULT_SETTINGS.frameWidth };

interface MarginResult {
  margin: number;
  facesFound: number;
  metrics: EvaluationMetrics;
}

interface Options {
  data: string;
  limitPerClass: number;
  margins: number[];
  detector: DetectorDelegate;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: path.resolve(REPO_ROOT, '../shared/data/faces-muxspace') },
      limit: { type: 'string', default: '60' },
      margins: { type: 'string', default: DEFAULT_MARGINS.join(',') },
      detector: { type: 'string', default: 'CPU' },
    },
  });
  const limitPerClass = Number(values.limit);
  if (!Number.isInteger(limitPerClass) || limitPerClass < 1) throw new Error(`--limit must be a positive integer, got ${values.limit}`);
  const margins = values.margins.split(',').map(Number);
  if (margins.some((margin) => !Number.isFinite(margin) || margin < 0 || margin > 1)) throw new Error(`--margins must be numbers from 0 to 1 separated by commas, got ${values.margins}`);
  const detector = values.detector.toUpperCase();
  if (detector !== 'CPU' && detector !== 'GPU') throw new Error(`--detector must be CPU or GPU, got ${values.detector}`);
  return { data: values.data, limitPerClass, margins, detector };
}

const percent = (value: number) => `${(100 * value).toFixed(1)} %`;

function formatTable(results: readonly MarginResult[], images: number): string {
  const rows = results.map(
    (r) => `| ${r.margin} | ${r.facesFound}/${images} | ${r.metrics.n} | ${percent(r.metrics.accuracy)} | ${r.metrics.macro.f1.toFixed(3)} | ${percent(r.metrics.valenceAccuracy)} |`,
  );
  return ['| cropMargin | faces found | classified | accuracy | macro F1 | valence accuracy |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Highest macro F1; ties go to accuracy. */
function best(results: readonly MarginResult[]): MarginResult {
  return results.reduce((a, b) => (b.metrics.macro.f1 > a.metrics.macro.f1 || (b.metrics.macro.f1 === a.metrics.macro.f1 && b.metrics.accuracy > a.metrics.accuracy) ? b : a));
}

async function main(): Promise<void> {
  const options = readOptions();
  const dataset = await readDataset(options.data, { limitPerClass: options.limitPerClass, warn: (message) => console.warn(message) });
  const perClass = EXPRESSIONS.map((expression, k) => `${expression} ${dataset.images.filter((image) => image.label === k).length}`);
  console.log(`${dataset.images.length} photos from ${options.data} (${perClass.join(', ')}); scene ${JSON.stringify(SCENE)}; face detector on MediaPipe's ${options.detector} delegate`);

  const truth = options.margins.map((): number[] => []);
  const predicted = options.margins.map((): number[] => []);
  const facesFound = options.margins.map(() => 0);
  const harness = await startEngineHarness();
  const progress = createProgressBar(dataset.images.length, 'analysing');
  try {
    for (const [done, photo] of dataset.images.entries()) {
      const analyses = await harness.analysePhoto(await readFile(photo.source), SCENE, options.margins, { detector: options.detector });
      analyses.forEach((analysis, m) => {
        if (analysis.faceFound) facesFound[m]! += 1;
        if (analysis.top === null) return; // no face, or a quality gate said unknown: the same frames at every margin
        truth[m]!.push(photo.label);
        predicted[m]!.push(EXPRESSIONS.indexOf(analysis.top as Expression));
      });
      progress.update(done + 1);
    }
  } finally {
    progress.finish();
    await harness.close();
  }

  const results = options.margins.map((margin, m) => ({
    margin,
    facesFound: facesFound[m]!,
    metrics: evaluateConfusion(confusionMatrix(truth[m]!, predicted[m]!, EXPRESSION_COUNT)),
  }));
  console.log(formatTable(results, dataset.images.length));
  const winner = best(results);
  console.log(`best by macro F1 (ties: accuracy): cropMargin ${winner.margin} (macro F1 ${winner.metrics.macro.f1.toFixed(3)}, accuracy ${percent(winner.metrics.accuracy)})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
