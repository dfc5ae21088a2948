import { stat } from 'node:fs/promises';
import { readFerCsv, type FerSplit } from './csv-reader';
import { readImageFolder } from './folder-reader';
import { InputError } from './input-error';
import type { Dataset } from './labeled-image';

export interface ReadDatasetOptions {
  split?: FerSplit;
  limitPerClass?: number;
  warn: (message: string) => void;
}

/** Reads a FER-2013 CSV file or an image-folder root, whichever `dataPath` is. */
export async function readDataset(dataPath: string, options: ReadDatasetOptions): Promise<Dataset> {
  const info = await stat(dataPath).catch(() => undefined);
  if (!info) throw new InputError(`${dataPath}: no such file or folder`);
  if (info.isDirectory()) {
    if (options.split !== undefined) throw new InputError('--split applies to a CSV file only; an image folder is one split');
    return readImageFolder(dataPath, options);
  }
  return readFerCsv(dataPath, options);
}
