/**
 * Reads an image-folder data set: `<root>/<class>/*.jpg`, class folder names from the taxonomy
 * (angry, disgust, fear, happy, sad, surprise, neutral; face-api's spellings are accepted too).
 * Files are read in sorted name order so `--limit` picks the same images every run.
 * A JPEG that cannot be decoded is skipped with a warning naming it.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EXPRESSIONS, type Expression } from '../../src/shared/taxonomy';
import { InputError } from './input-error';
import { decodeJpeg } from './jpeg-image';
import { PerClassLimit, type Dataset, type LabeledImage } from './labeled-image';

const FOLDER_ALIASES: Record<string, Expression> = {
  angry: 'angry',
  disgust: 'disgust',
  disgusted: 'disgust',
  fear: 'fear',
  fearful: 'fear',
  happy: 'happy',
  sad: 'sad',
  surprise: 'surprise',
  surprised: 'surprise',
  neutral: 'neutral',
};

const JPEG_NAME = /\.jpe?g$/i;

export interface FolderReadOptions {
  limitPerClass?: number;
  warn: (message: string) => void;
}

interface ClassFolder {
  label: number;
  directory: string;
}

async function findClassFolders(root: string, warn: (message: string) => void): Promise<ClassFolder[]> {
  const entries = await readdir(root, { withFileTypes: true });
  const folders: ClassFolder[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const expression = FOLDER_ALIASES[entry.name.toLowerCase()];
    if (expression === undefined) {
      warn(`${path.join(root, entry.name)}: not a class name, ignored`);
      continue;
    }
    folders.push({ label: EXPRESSIONS.indexOf(expression), directory: path.join(root, entry.name) });
  }
  if (folders.length === 0) {
    throw new InputError(`${root}: no class subfolders; expected folders named ${EXPRESSIONS.join(', ')} holding .jpg files`);
  }
  return folders;
}

async function jpegFilesIn(directory: string): Promise<string[]> {
  const names = await readdir(directory);
  return names.filter((name) => JPEG_NAME.test(name)).sort().map((name) => path.join(directory, name));
}

export async function readImageFolder(root: string, options: FolderReadOptions): Promise<Dataset> {
  const images: LabeledImage[] = [];
  let skipped = 0;
  for (const folder of await findClassFolders(root, options.warn)) {
    const limit = new PerClassLimit(options.limitPerClass);
    for (const file of await jpegFilesIn(folder.directory)) {
      if (limit.isFull(folder.label)) break;
      try {
        const image = decodeJpeg(await readFile(file));
        limit.accept(folder.label);
        images.push({ label: folder.label, image, source: file });
      } catch (error) {
        skipped++;
        options.warn(`${file}: skipped, not a readable JPEG (${(error as Error).message})`);
      }
    }
  }
  return { images, name: path.basename(path.resolve(root)), skipped };
}
