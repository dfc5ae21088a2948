import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEvalArgs } from '../../scripts/eval/args';
import { readFerCsv } from '../../scripts/eval/csv-reader';
import { readImageFolder } from '../../scripts/eval/folder-reader';
import { InputError } from '../../scripts/eval/input-error';
import { readDataset } from '../../scripts/eval/readers';
import { runEval } from '../../scripts/eval/run-eval';

const PIXELS = 48 * 48;
const HAPPY = 3;
const SAD = 4;

let root: string;
const fixture = (...parts: string[]) => path.join(root, ...parts);

function pixelRow(value: (i: number) => number, count = PIXELS): string {
  return Array.from({ length: count }, (_, i) => value(i)).join(' ');
}

function grayJpeg(side: number, value: number): Buffer {
  const data = Buffer.alloc(side * side * 4);
  for (let p = 0; p < side * side; p++) data.set([value, value, value, 255], 4 * p);
  return jpeg.encode({ width: side, height: side, data }, 95).data;
}

function collectWarnings(): { warn: (message: string) => void; messages: string[] } {
  const messages: string[] = [];
  return { warn: (message) => messages.push(message), messages };
}

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'raut-eval-readers-'));
  writeFileSync(
    fixture('fer.csv'),
    [
      'emotion,pixels,Usage',
      `3,${pixelRow((i) => i % 256)},Training`,
      `4,${pixelRow(() => 7)},PublicTest`,
      `0,${pixelRow(() => 255)},PublicTest`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    fixture('malformed.csv'),
    [
      'emotion,pixels,Usage',
      `3,${pixelRow(() => 1)},PublicTest`,
      `3,${pixelRow(() => 1, PIXELS - 1)},PublicTest`,
      `9,${pixelRow(() => 1)},PublicTest`,
      `2,${pixelRow((i) => (i === 5 ? 256 : 1))},PublicTest`,
      `1,${pixelRow(() => 1)}`,
    ].join('\r\n'),
  );
  writeFileSync(fixture('wrong-header.csv'), `label,image\n3,${pixelRow(() => 0)}\n`);
  writeFileSync(fixture('no-usage.csv'), `emotion,pixels\n6,${pixelRow(() => 9)}\n5,${pixelRow(() => 9)}\n`);

  mkdirSync(fixture('faces', 'happy'), { recursive: true });
  mkdirSync(fixture('faces', 'sad'), { recursive: true });
  mkdirSync(fixture('faces', 'notes'), { recursive: true });
  writeFileSync(fixture('faces', 'happy', 'b.jpg'), grayJpeg(48, 200));
  writeFileSync(fixture('faces', 'happy', 'a.jpg'), grayJpeg(48, 100));
  writeFileSync(fixture('faces', 'happy', 'readme.txt'), 'not an image');
  writeFileSync(fixture('faces', 'sad', 'c.jpeg'), grayJpeg(32, 50));
  writeFileSync(fixture('faces', 'sad', 'broken.jpg'), 'not a jpeg');
  mkdirSync(fixture('empty', 'misc'), { recursive: true });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('FER-2013 CSV reader', () => {
  it('reads the PublicTest rows by default, labels in FER order, pixels as 48×48 gray', async () => {
    const { warn, messages } = collectWarnings();
    const dataset = await readFerCsv(fixture('fer.csv'), { warn });
    expect(dataset.name).toBe('PublicTest');
    expect(dataset.images.map((item) => item.label)).toEqual([SAD, 0]);
    expect(dataset.images.map((item) => item.source)).toEqual(['fer.csv:3', 'fer.csv:4']);
    const first = dataset.images[0]!.image;
    expect([first.width, first.height, first.channels, first.data.length]).toEqual([48, 48, 1, PIXELS]);
    expect(first.data.every((value) => value === 7)).toBe(true);
    expect(messages).toEqual([]);
  });

  it('reads another split when asked', async () => {
    const dataset = await readFerCsv(fixture('fer.csv'), { split: 'Training', warn: () => {} });
    expect(dataset.images).toHaveLength(1);
    expect(dataset.images[0]!.label).toBe(HAPPY);
    expect(Array.from(dataset.images[0]!.image.data.subarray(254, 258))).toEqual([254, 255, 0, 1]);
  });

  it('skips malformed rows, reporting each line number', async () => {
    const { warn, messages } = collectWarnings();
    const dataset = await readFerCsv(fixture('malformed.csv'), { warn });
    expect(dataset.images).toHaveLength(1);
    expect(dataset.skipped).toBe(4);
    expect(messages).toEqual([
      expect.stringMatching(/line 3: .*2304 pixel values, found 2303/),
      expect.stringMatching(/line 4: .*emotion "9"/),
      expect.stringMatching(/line 5: .*pixel 6 "256"/),
      expect.stringMatching(/line 6: .*expected 3 fields, found 2/),
    ]);
  });

  it('stops on a wrong header', async () => {
    await expect(readFerCsv(fixture('wrong-header.csv'), { warn: () => {} })).rejects.toThrow(InputError);
    await expect(readFerCsv(fixture('wrong-header.csv'), { warn: () => {} })).rejects.toThrow(/emotion,pixels/);
  });

  it('evaluates every row of a CSV without Usage, but refuses an explicit --split there', async () => {
    const { warn, messages } = collectWarnings();
    const dataset = await readFerCsv(fixture('no-usage.csv'), { warn });
    expect(dataset.images.map((item) => item.label)).toEqual([6, 5]);
    expect(messages[0]).toMatch(/no Usage column/);
    await expect(readFerCsv(fixture('no-usage.csv'), { split: 'PublicTest', warn })).rejects.toThrow(/no Usage column/);
  });

  it('--limit keeps the first N rows of each class', async () => {
    const dataset = await readFerCsv(fixture('no-usage.csv'), { limitPerClass: 1, warn: () => {} });
    expect(dataset.images).toHaveLength(2);
  });
});

describe('image-folder reader', () => {
  it('reads class folders in sorted file order, decoding gray JPEGs to one channel', async () => {
    const { warn, messages } = collectWarnings();
    const dataset = await readImageFolder(fixture('faces'), { warn });
    expect(dataset.name).toBe('faces');
    expect(dataset.images.map((item) => [item.label, path.basename(item.source)])).toEqual([
      [HAPPY, 'a.jpg'],
      [HAPPY, 'b.jpg'],
      [SAD, 'c.jpeg'],
    ]);
    const [a, , c] = dataset.images.map((item) => item.image);
    expect([a!.width, a!.height, a!.channels]).toEqual([48, 48, 1]);
    expect(Math.abs((a!.data[100] as number) - 100)).toBeLessThanOrEqual(2);
    expect([c!.width, c!.channels]).toEqual([32, 1]);
    expect(dataset.skipped).toBe(1);
    expect(messages).toEqual([expect.stringMatching(/notes: not a class name/), expect.stringMatching(/broken\.jpg: skipped/)]);
  });

  it('--limit keeps the first N files of each class by name', async () => {
    const dataset = await readImageFolder(fixture('faces'), { limitPerClass: 1, warn: () => {} });
    expect(dataset.images.map((item) => path.basename(item.source))).toEqual(['a.jpg', 'c.jpeg']);
  });

  it('rejects a folder with no class subfolders', async () => {
    await expect(readImageFolder(fixture('empty'), { warn: () => {} })).rejects.toThrow(/no class subfolders/);
  });
});

describe('bad input', () => {
  const warn = () => {};

  it('readDataset: missing path, --split on a folder', async () => {
    await expect(readDataset(fixture('nope.csv'), { warn })).rejects.toThrow(/no such file or folder/);
    await expect(readDataset(fixture('faces'), { split: 'Training', warn })).rejects.toThrow(/CSV file only/);
    await expect(readDataset(fixture('fer.csv'), { warn })).resolves.toMatchObject({ name: 'PublicTest' });
  });

  it('parseEvalArgs: unknown options and bad values are input errors', () => {
    const data = ['--data', fixture('fer.csv')];
    expect(() => parseEvalArgs([...data, '--limit', '0'])).toThrow(/--limit must be a positive integer/);
    expect(() => parseEvalArgs([...data, '--split', 'Test'])).toThrow(/--split must be one of/);
    expect(() => parseEvalArgs([...data, '--backend', 'webgl'])).toThrow(InputError);
    expect(() => parseEvalArgs([...data, '--frobnicate'])).toThrow(InputError);
    expect(parseEvalArgs([...data, '--tta', 'flip', '--limit', '5'])).toMatchObject({ modelId: 'raut', tta: 'flip', limitPerClass: 5, backend: 'wasm' });
  });

  it('runEval: unknown model id', async () => {
    const options = { dataPath: fixture('fer.csv'), modelId: 'resnet', backend: 'cpu', tta: 'none', batchSize: 8 } as const;
    await expect(runEval(options, { warn })).rejects.toThrow(/unknown model "resnet"; known models: raut, human, faceapi/);
  });

  it('the CLI exits with code 2 and a clear message', async () => {
    const run = promisify(execFile);
    const cli = path.resolve('scripts/eval/index.ts');
    const failure = await run(process.execPath, ['--import', 'tsx', cli, '--data', fixture('wrong-header.csv')]).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toMatch(/^eval: .*wrong-header\.csv: header must name the columns/m);
  });
});
