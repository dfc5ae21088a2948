/** An 8-bit image, row-major height × width × channels, values 0..255. */
export interface RawImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

export interface LabeledImage {
  /** True class as an index into the taxonomy (src/shared/taxonomy.ts). */
  label: number;
  image: RawImage;
  /** Where the image came from ("file.jpg" or "fer2013.csv:123"), for messages. */
  source: string;
}

/** Images read from a data set, plus what was left out and why. */
export interface Dataset {
  images: LabeledImage[];
  /** Name used in file names and reports: the CSV split or the image folder's name. */
  name: string;
  skipped: number;
}

/**
 * `--limit N` keeps the first N images of each class in reading order (CSV row order, or file
 * names sorted within each class folder); no sampling, so runs are reproducible.
 */
export class PerClassLimit {
  private readonly taken = new Map<number, number>();

  constructor(private readonly limitPerClass: number | undefined) {}

  isFull(label: number): boolean {
    return this.limitPerClass !== undefined && (this.taken.get(label) ?? 0) >= this.limitPerClass;
  }

  /** Counts the image in and returns true, or returns false when its class is already full. */
  accept(label: number): boolean {
    if (this.isFull(label)) return false;
    this.taken.set(label, (this.taken.get(label) ?? 0) + 1);
    return true;
  }
}
