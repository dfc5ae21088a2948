/**
 * `npm run eval`: measures an expression model on FER-2013 (CSV or image folders) in Node with
 * tfjs (wasm or cpu backend) and reports accuracy, per-class metrics, valence accuracy and a
 * confusion matrix (text + SVG); with --sequences, per-frame metrics on video-like frame sequences
 * built from the images, without and with temporal smoothing and mirror TTA. Run with --help for the options.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EXPRESSIONS } from '../../src/shared/taxonomy';
import { defaultSvgPath, parseEvalArgs, USAGE, type CliOptions } from './args';
import { renderConfusionSvg } from './confusion-svg';
import { InputError } from './input-error';
import { createProgressBar } from './progress';
import { toJsonSummary } from './report-json';
import { formatTextReport } from './report-text';
import { formatSequenceTextReport, toSequenceJsonSummary } from './report-sequences';
import { runEval, type EvalReport } from './run-eval';
import { runSequenceEval } from './run-sequence-eval';

const EXIT_BAD_INPUT = 2;
const EXIT_FAILURE = 1;

const warn = (message: string) => process.stderr.write(`eval: ${message}\n`);

async function writeSvg(file: string, report: EvalReport): Promise<void> {
  const title = `${report.modelId} on ${report.dataset} (n = ${report.metrics.n}, tta ${report.tta}): accuracy ${(100 * report.metrics.accuracy).toFixed(1)} %`;
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, renderConfusionSvg(report.metrics.confusion, EXPRESSIONS, title));
}

function print(text: string, json: Record<string, unknown> | null): void {
  if (json) {
    process.stderr.write(text);
    process.stdout.write(`${JSON.stringify(json)}\n`);
  } else {
    process.stdout.write(text);
  }
}

async function evaluateSequences(options: CliOptions & Required<Pick<CliOptions, 'sequences'>>): Promise<number> {
  const report = await runSequenceEval(
    { ...options, sequence: options.sequences },
    { warn, startProgress: (total) => createProgressBar(total, `${options.modelId} sequences`) },
  );
  print(`${formatSequenceTextReport(report)}\n`, options.json ? toSequenceJsonSummary(report) : null);
  return 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const options = parseEvalArgs(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (options.sequences) return evaluateSequences({ ...options, sequences: options.sequences });
  const report = await runEval(options, { warn, startProgress: (total) => createProgressBar(total, options.modelId) });
  const svgPath = path.resolve(options.svgPath ?? defaultSvgPath(options, report.dataset));
  await writeSvg(svgPath, report);
  const text = `${formatTextReport(report)}\n\nconfusion picture: ${path.relative(process.cwd(), svgPath)}\n`;
  print(text, options.json ? toJsonSummary(report) : null);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof InputError) {
      warn(error.message);
      process.exitCode = EXIT_BAD_INPUT;
    } else {
      process.stderr.write(`eval failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
    }
  },
);
