/**
 * Reads the FER-2013 CSV (`emotion,pixels,Usage`; emotion 0..6 in FER order, which is the
 * taxonomy order; pixels = 2304 space-separated gray values of a 48×48 face).
 *
 * A malformed row is skipped, never fatal: it is reported with its line number through `warn` and
 * counted in `Dataset.skipped`, so one damaged line does not block evaluating 35 887 good ones.
 * A wrong header is fatal (InputError), since then no row can be trusted.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { EXPRESSION_COUNT } from '../../src/shared/taxonomy';
import { InputError } from './input-error';
import { PerClassLimit, type Dataset, type LabeledImage } from './labeled-image';

export const FER_SPLITS = ['Training', 'PublicTest', 'PrivateTest'] as const;
export type FerSplit = (typeof FER_SPLITS)[number];
export const DEFAULT_FER_SPLIT: FerSplit = 'PublicTest';

const FER_SIDE = 48;
/** Malformed rows listed one by one; the rest are only counted, so a broken file does not flood stderr. */
const MAX_LISTED_MALFORMED_ROWS = 20;

export interface CsvReadOptions {
  /** Rows of this Usage only; undefined = PublicTest (or every row if the file has no Usage column). */
  split?: FerSplit;
  limitPerClass?: number;
  warn: (message: string) => void;
}

interface CsvColumns {
  emotion: number;
  pixels: number;
  usage: number | undefined;
  count: number;
}

function parseHeader(line: string, file: string): CsvColumns {
  const names = line.replace(/^\uFEFF/, '').split(',').map((name) => name.trim().toLowerCase());
  const emotion = names.indexOf('emotion');
  const pixels = names.indexOf('pixels');
  const usage = names.indexOf('usage');
  if (emotion === -1 || pixels === -1) {
    throw new InputError(`${file}: header must name the columns emotion,pixels[,Usage]; found "${line.slice(0, 80)}"`);
  }
  return { emotion, pixels, usage: usage === -1 ? undefined : usage, count: names.length };
}

/** The row's image, or the reason it is malformed (the field count is already checked). */
function parseRow(fields: string[], columns: CsvColumns): { label: number; pixels: Uint8Array } | string {
  const emotionText = (fields[columns.emotion] as string).trim();
  const label = Number(emotionText);
  if (!/^\d+$/.test(emotionText) || label >= EXPRESSION_COUNT) return `emotion "${emotionText}" is not an integer 0..${EXPRESSION_COUNT - 1}`;
  const values = (fields[columns.pixels] as string).trim().split(/\s+/);
  if (values.length !== FER_SIDE * FER_SIDE) return `expected ${FER_SIDE * FER_SIDE} pixel values, found ${values.length}`;
  const pixels = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const text = values[i] as string;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value > 255) return `pixel ${i + 1} "${text.slice(0, 12)}" is not an integer 0..255`;
    pixels[i] = value;
  }
  return { label, pixels };
}

export async function readFerCsv(file: string, options: CsvReadOptions): Promise<Dataset> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  const limit = new PerClassLimit(options.limitPerClass);
  const images: LabeledImage[] = [];
  const base = path.basename(file);
  let columns: CsvColumns | undefined;
  let split: FerSplit | undefined = options.split ?? DEFAULT_FER_SPLIT;
  let lineNumber = 0;
  let skipped = 0;

  for await (const line of lines) {
    lineNumber++;
    if (columns === undefined) {
      columns = parseHeader(line, file);
      if (columns.usage === undefined) {
        if (options.split !== undefined) throw new InputError(`${file}: --split ${options.split} given, but the CSV has no Usage column`);
        options.warn(`${base} has no Usage column: evaluating every row`);
        split = undefined;
      }
      continue;
    }
    if (line.trim() === '') continue;
    const fields = line.split(',');
    const wrongFieldCount = fields.length !== columns.count;
    if (!wrongFieldCount && split !== undefined && columns.usage !== undefined && fields[columns.usage]?.trim() !== split) continue;
    const row = wrongFieldCount ? `expected ${columns.count} fields, found ${fields.length}` : parseRow(fields, columns);
    if (typeof row === 'string') {
      skipped++;
      if (skipped <= MAX_LISTED_MALFORMED_ROWS) options.warn(`${base} line ${lineNumber}: skipped, ${row}`);
      continue;
    }
    if (!limit.accept(row.label)) continue;
    images.push({
      label: row.label,
      image: { width: FER_SIDE, height: FER_SIDE, channels: 1, data: row.pixels },
      source: `${base}:${lineNumber}`,
    });
  }
  if (columns === undefined) throw new InputError(`${file}: empty file, expected a header emotion,pixels,Usage`);
  if (skipped > MAX_LISTED_MALFORMED_ROWS) options.warn(`${base}: ${skipped} malformed rows skipped in all`);
  return { images, name: split ?? path.basename(file, path.extname(file)), skipped };
}
