/**
 * Adds TFLite metadata (NormalizationOptions for the image input) to a .tflite model that has
 * none, so that MediaPipe Tasks accepts it.
 *
 * Why: @mediapipe/tasks-vision's FaceDetector refuses a float32 input tensor without
 * NormalizationOptions metadata ("Input tensor has type float32: it requires specifying
 * NormalizationOptions metadata"), and the BlazeFace model shipped in @mediapipe/face_detection
 * carries no metadata at all.
 *
 * How: a .tflite file is a flatbuffer (tensorflow/lite/schema/schema.fbs, identifier "TFL3"); its
 * metadata lives in a `Model.metadata` entry named "TFLITE_METADATA" that points at a buffer
 * holding a second flatbuffer, a `ModelMetadata` (tflite-support metadata_schema.fbs, identifier
 * "M001"). Flatbuffer offsets (uoffset) only point forward, so rather than editing the old root
 * table in place we write a NEW root Model table in front of the untouched old content and let
 * it point forward into it. The file becomes:
 *
 *   [root offset, "TFL3"] [new Model table + its new vectors] [pad] [old file, 16-aligned] [pad]
 *   [new buffer's data: the ModelMetadata flatbuffer, 16-aligned]
 *
 * The old file's own header and root table stay in place but are no longer referenced.
 * Buffers inside the old content keep their alignment because the old content moves by a
 * multiple of 16 (schema.fbs: `data:[ubyte] (force_align: 16)`).
 *
 * The flatbuffer reader and writer below are deliberately tiny and cover only what this needs;
 * see https://flatbuffers.dev/internals/ for the binary format.
 */

const TFLITE_IDENTIFIER = 'TFL3';
const METADATA_IDENTIFIER = 'M001';
/** Name of the Model.metadata entry that MediaPipe / tflite-support look up. */
export const TFLITE_METADATA_NAME = 'TFLITE_METADATA';
/** Alignment required for buffer data in a .tflite file (schema.fbs: force_align: 16). */
const BUFFER_ALIGNMENT = 16;

/** Field ids (declaration order) of the tflite schema.fbs tables used here. */
const ModelField = {
  version: 0,
  operatorCodes: 1,
  subgraphs: 2,
  description: 3,
  buffers: 4,
  metadataBuffer: 5,
  metadata: 6,
  signatureDefs: 7,
} as const;
const MODEL_FIELD_COUNT = 8;
const SubGraphField = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 } as const;
const TensorField = { shape: 0, name: 3 } as const;
const BufferField = { data: 0, offset: 1, size: 2 } as const;
const MetadataField = { name: 0, buffer: 1 } as const;

/** Field ids of the tflite-support metadata_schema.fbs tables used here. */
const ModelMetadataField = { name: 0, description: 1, version: 2, subgraphMetadata: 3, minParserVersion: 7 } as const;
const SubGraphMetadataField = { name: 0, inputTensorMetadata: 2, outputTensorMetadata: 3 } as const;
const TensorMetadataField = { name: 0, description: 1, content: 3, processUnits: 4 } as const;
const ContentField = { propertiesType: 0, properties: 1 } as const;
const ImagePropertiesField = { colorSpace: 0 } as const;
const ProcessUnitField = { optionsType: 0, options: 1 } as const;
const NormalizationOptionsField = { mean: 0, std: 1 } as const;

/** Union tags: 1-based position in the union declaration (0 = NONE). */
const CONTENT_PROPERTIES_IMAGE = 2; // union ContentProperties { FeatureProperties, ImageProperties, ... }
const PROCESS_UNIT_NORMALIZATION = 1; // union ProcessUnitOptions { NormalizationOptions, ... }
const COLOR_SPACE_RGB = 1; // enum ColorSpaceType { UNKNOWN, RGB, GRAYSCALE }

export interface NormalizationMetadataOptions {
  /** Per-channel (or single) mean: the input is fed as (x - mean) / std. */
  mean: number;
  std: number;
  /** ModelMetadata.name; defaults to the model's description or "model". */
  name?: string;
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

/** Random access into a flatbuffer. Positions are byte offsets from the start of `bytes`. */
class FlatBufferReader {
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  uint8(position: number): number {
    return this.view.getUint8(position);
  }

  uint16(position: number): number {
    return this.view.getUint16(position, true);
  }

  int32(position: number): number {
    return this.view.getInt32(position, true);
  }

  uint32(position: number): number {
    return this.view.getUint32(position, true);
  }

  float32(position: number): number {
    return this.view.getFloat32(position, true);
  }

  identifier(): string {
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }

  rootTable(): number {
    return this.follow(0);
  }

  /** Target of the uoffset stored at `position` (uoffsets are relative to where they are stored). */
  follow(position: number): number {
    return position + this.uint32(position);
  }

  /** Number of field slots declared in the table's vtable. */
  fieldCount(table: number): number {
    const vtable = table - this.int32(table);
    return (this.uint16(vtable) - 4) / 2;
  }

  /** Where field `id` is stored inside `table`, or undefined when the field is absent (default). */
  fieldPosition(table: number, id: number): number | undefined {
    const vtable = table - this.int32(table); // soffset: vtable lies at table - soffset
    const entry = 4 + 2 * id; // vtable = [vtable size, table size, one uint16 per field]
    if (entry >= this.uint16(vtable)) return undefined;
    const offsetInTable = this.uint16(vtable + entry);
    return offsetInTable === 0 ? undefined : table + offsetInTable;
  }

  uint32Field(table: number, id: number, defaultValue = 0): number {
    const position = this.fieldPosition(table, id);
    return position === undefined ? defaultValue : this.uint32(position);
  }

  uint64Field(table: number, id: number): bigint {
    const position = this.fieldPosition(table, id);
    return position === undefined ? 0n : this.view.getBigUint64(position, true);
  }

  uint8Field(table: number, id: number, defaultValue = 0): number {
    const position = this.fieldPosition(table, id);
    return position === undefined ? defaultValue : this.uint8(position);
  }

  /** Target of an offset field (table, vector or string), or undefined when absent. */
  referenceField(table: number, id: number): number | undefined {
    const position = this.fieldPosition(table, id);
    return position === undefined ? undefined : this.follow(position);
  }

  /** A vector's element count and the position of its first element. */
  vector(position: number): { length: number; start: number } {
    return { length: this.uint32(position), start: position + 4 };
  }

  /** Positions of the tables in a vector-of-tables field ([] when absent). */
  tableVectorField(table: number, id: number): number[] {
    const position = this.referenceField(table, id);
    if (position === undefined) return [];
    const { length, start } = this.vector(position);
    return Array.from({ length }, (_, index) => this.follow(start + 4 * index));
  }

  int32VectorField(table: number, id: number): number[] {
    return this.scalarVectorField(table, id, (position) => this.int32(position));
  }

  float32VectorField(table: number, id: number): number[] {
    return this.scalarVectorField(table, id, (position) => this.float32(position));
  }

  /** A [ubyte] field as a view into the file, with its position (undefined when absent). */
  bytesField(table: number, id: number): { start: number; data: Uint8Array } | undefined {
    const position = this.referenceField(table, id);
    if (position === undefined) return undefined;
    const { length, start } = this.vector(position);
    return { start, data: this.bytes.subarray(start, start + length) };
  }

  stringField(table: number, id: number): string | undefined {
    const position = this.referenceField(table, id);
    if (position === undefined) return undefined;
    const { length, start } = this.vector(position);
    return new TextDecoder().decode(this.bytes.subarray(start, start + length));
  }

  private scalarVectorField(table: number, id: number, read: (position: number) => number): number[] {
    const position = this.referenceField(table, id);
    if (position === undefined) return [];
    const { length, start } = this.vector(position);
    return Array.from({ length }, (_, index) => read(start + 4 * index));
  }
}

function openFlatBuffer(bytes: Uint8Array, identifier: string, what: string): FlatBufferReader {
  if (bytes.byteLength < 8) {
    throw new Error(`not a ${what}: ${bytes.byteLength} bytes is too short for a flatbuffer`);
  }
  const reader = new FlatBufferReader(bytes);
  const found = reader.identifier();
  if (found !== identifier) {
    throw new Error(`not a ${what}: file identifier is ${JSON.stringify(found)}, expected "${identifier}"`);
  }
  if (reader.uint32(0) >= bytes.byteLength) {
    throw new Error(`not a ${what}: root table offset points past the end of the file`);
  }
  return reader;
}

function openTfliteModel(model: Uint8Array): FlatBufferReader {
  return openFlatBuffer(model, TFLITE_IDENTIFIER, 'TFLite model');
}

/** Runs `read`, turning the RangeErrors a truncated/corrupt flatbuffer causes into a clear error. */
function reportingCorruptFile<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof RangeError) throw new Error(`corrupt ${what}: an offset points outside the file`);
    throw error;
  }
}

export interface TfliteBufferInfo {
  /** File position of the first data byte, or undefined for an empty buffer. */
  dataStart: number | undefined;
  data: Uint8Array;
}

export interface TfliteModelSummary {
  identifier: string;
  version: number;
  operatorCodeCount: number;
  subgraphCount: number;
  buffers: TfliteBufferInfo[];
  metadata: Array<{ name: string; buffer: number }>;
  /** Subgraph 0: tensor indices and names of its inputs and outputs. */
  mainSubgraph: { inputs: TensorSummary[]; outputs: TensorSummary[] };
}

export interface TensorSummary {
  index: number;
  name: string;
  shape: number[];
}

/** Reads the parts of a .tflite model that the metadata patch touches (for checks and tests). */
export function readTfliteModel(model: Uint8Array): TfliteModelSummary {
  const reader = openTfliteModel(model);
  return reportingCorruptFile('TFLite model', () => {
    const root = reader.rootTable();
    return {
      identifier: reader.identifier(),
      version: reader.uint32Field(root, ModelField.version),
      operatorCodeCount: reader.tableVectorField(root, ModelField.operatorCodes).length,
      subgraphCount: reader.tableVectorField(root, ModelField.subgraphs).length,
      buffers: reader.tableVectorField(root, ModelField.buffers).map((buffer) => {
        const data = reader.bytesField(buffer, BufferField.data);
        return { dataStart: data?.start, data: data?.data ?? new Uint8Array() };
      }),
      metadata: readMetadataEntries(reader, root),
      mainSubgraph: readMainSubgraph(reader, root),
    };
  });
}

function readMetadataEntries(reader: FlatBufferReader, root: number): Array<{ name: string; buffer: number }> {
  return reader.tableVectorField(root, ModelField.metadata).map((entry) => ({
    name: reader.stringField(entry, MetadataField.name) ?? '',
    buffer: reader.uint32Field(entry, MetadataField.buffer),
  }));
}

function readMainSubgraph(reader: FlatBufferReader, root: number): TfliteModelSummary['mainSubgraph'] {
  const subgraph = reader.tableVectorField(root, ModelField.subgraphs)[0];
  if (subgraph === undefined) throw new Error('TFLite model has no subgraph');
  const tensors = reader.tableVectorField(subgraph, SubGraphField.tensors);
  const describe = (index: number): TensorSummary => {
    const tensor = tensors[index];
    if (tensor === undefined) throw new Error(`TFLite subgraph refers to missing tensor ${index}`);
    return {
      index,
      name: reader.stringField(tensor, TensorField.name) ?? `tensor_${index}`,
      shape: reader.int32VectorField(tensor, TensorField.shape),
    };
  };
  return {
    inputs: reader.int32VectorField(subgraph, SubGraphField.inputs).map(describe),
    outputs: reader.int32VectorField(subgraph, SubGraphField.outputs).map(describe),
  };
}

export interface ModelMetadataSummary {
  identifier: string;
  name: string | undefined;
  version: string | undefined;
  minParserVersion: string | undefined;
  inputTensorNames: string[];
  outputTensorNames: string[];
  /** NormalizationOptions of the first input tensor's process units. */
  normalization: { mean: number[]; std: number[] } | undefined;
}

/**
 * Reads the ModelMetadata flatbuffer referenced by the model's TFLITE_METADATA entry.
 * Throws when the model has no such entry.
 */
export function readModelMetadata(model: Uint8Array): ModelMetadataSummary {
  const summary = readTfliteModel(model);
  const entry = summary.metadata.find((candidate) => candidate.name === TFLITE_METADATA_NAME);
  if (entry === undefined) throw new Error(`TFLite model has no ${TFLITE_METADATA_NAME} metadata entry`);
  const buffer = summary.buffers[entry.buffer];
  if (buffer === undefined) throw new Error(`${TFLITE_METADATA_NAME} refers to missing buffer ${entry.buffer}`);
  return parseModelMetadata(buffer.data);
}

/** Parses a ModelMetadata ("M001") flatbuffer. */
export function parseModelMetadata(bytes: Uint8Array): ModelMetadataSummary {
  const reader = openFlatBuffer(bytes, METADATA_IDENTIFIER, 'TFLite ModelMetadata');
  return reportingCorruptFile('TFLite ModelMetadata', () => {
    const root = reader.rootTable();
    const subgraph = reader.tableVectorField(root, ModelMetadataField.subgraphMetadata)[0];
    const inputs = subgraph === undefined ? [] : reader.tableVectorField(subgraph, SubGraphMetadataField.inputTensorMetadata);
    const outputs = subgraph === undefined ? [] : reader.tableVectorField(subgraph, SubGraphMetadataField.outputTensorMetadata);
    const tensorName = (tensor: number): string => reader.stringField(tensor, TensorMetadataField.name) ?? '';
    return {
      identifier: reader.identifier(),
      name: reader.stringField(root, ModelMetadataField.name),
      version: reader.stringField(root, ModelMetadataField.version),
      minParserVersion: reader.stringField(root, ModelMetadataField.minParserVersion),
      inputTensorNames: inputs.map(tensorName),
      outputTensorNames: outputs.map(tensorName),
      normalization: inputs[0] === undefined ? undefined : readNormalization(reader, inputs[0]),
    };
  });
}

function readNormalization(reader: FlatBufferReader, tensorMetadata: number): { mean: number[]; std: number[] } | undefined {
  for (const unit of reader.tableVectorField(tensorMetadata, TensorMetadataField.processUnits)) {
    if (reader.uint8Field(unit, ProcessUnitField.optionsType) !== PROCESS_UNIT_NORMALIZATION) continue;
    const options = reader.referenceField(unit, ProcessUnitField.options);
    if (options === undefined) continue;
    return {
      mean: reader.float32VectorField(options, NormalizationOptionsField.mean),
      std: reader.float32VectorField(options, NormalizationOptionsField.std),
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

/**
 * A flatbuffer object to write. The writer lays objects out parent first, children after, so
 * every uoffset points forward, as the format requires.
 */
type FbObject =
  | { kind: 'table'; fields: Array<FbField | undefined> } // index = field id; undefined = absent
  | { kind: 'string'; value: string }
  | { kind: 'float32Vector'; values: number[] }
  | { kind: 'offsetVector'; items: FbReference[] }; // vector of tables/strings

/** Something an offset can point at: an object this writer writes, or a position outside it. */
type FbReference = FbObject | ExternalTarget;

/** A position in bytes that will sit after the written ones; resolved by the caller. */
interface ExternalTarget {
  kind: 'external';
  region: 'oldContent' | 'appendedData';
  position: number;
}

type FbField =
  | { kind: 'uint8'; value: number }
  | { kind: 'uint32'; value: number }
  | { kind: 'offset'; to: FbReference };

/** An offset slot whose target lies outside the written bytes: patched once the layout is known. */
interface PendingExternalOffset {
  slot: number;
  target: ExternalTarget;
}

/** A table from [field id, value] pairs; ids not listed are absent (take their schema default). */
function table(...entries: Array<[id: number, field: FbField]>): FbObject {
  const fields: Array<FbField | undefined> = [];
  for (const [id, field] of entries) fields[id] = field;
  return { kind: 'table', fields };
}
const string = (value: string): FbObject => ({ kind: 'string', value });
const offsetTo = (to: FbReference): FbField => ({ kind: 'offset', to });
const uint8 = (value: number): FbField => ({ kind: 'uint8', value });
const uint32 = (value: number): FbField => ({ kind: 'uint32', value });
const offsetVector = (items: FbReference[]): FbObject => ({ kind: 'offsetVector', items });
const float32Vector = (values: number[]): FbObject => ({ kind: 'float32Vector', values });

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/** Writes flatbuffers front to back; positions are absolute within the output. */
class ForwardFlatBufferWriter {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  private length = 0;
  readonly pendingExternalOffsets: PendingExternalOffset[] = [];

  /** Writes [root uoffset][4-byte file identifier] followed by the root table and its children. */
  static writeRoot(root: FbObject, identifier: string): ForwardFlatBufferWriter {
    const writer = new ForwardFlatBufferWriter();
    writer.uint32(0); // root offset, patched below
    writer.raw(new TextEncoder().encode(identifier));
    writer.writeOffset(0, root);
    return writer;
  }

  result(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  /** Points the uoffset slot at `slot` to `target`, writing the target first when it is ours. */
  private writeOffset(slot: number, target: FbReference): void {
    if (target.kind === 'external') {
      this.pendingExternalOffsets.push({ slot, target });
      return;
    }
    const position = this.writeObject(target);
    this.view.setUint32(slot, position - slot, true);
  }

  /** Writes an object and its children; returns the position an offset to it must point at. */
  private writeObject(object: FbObject): number {
    switch (object.kind) {
      case 'table':
        return this.writeTable(object.fields);
      case 'string':
        return this.writeString(object.value);
      case 'float32Vector':
        return this.writeFloat32Vector(object.values);
      case 'offsetVector':
        return this.writeOffsetVector(object.items);
    }
  }

  /**
   * Table layout: [vtable][padding][soffset to vtable][4-byte fields][1-byte fields][padding].
   * The vtable lists, per field id, the field's offset inside the table (0 = absent).
   */
  private writeTable(fields: Array<FbField | undefined>): number {
    // 4-byte fields first so each stays 4-aligned without padding between fields.
    const present = fields.flatMap((field, id) => (field === undefined ? [] : [{ id, field }]));
    const ordered = [...present.filter(({ field }) => field.kind !== 'uint8'), ...present.filter(({ field }) => field.kind === 'uint8')];
    const fieldOffsets = new Array<number>(fields.length).fill(0);
    let tableSize = 4; // the soffset
    for (const { id, field } of ordered) {
      fieldOffsets[id] = tableSize;
      tableSize += field.kind === 'uint8' ? 1 : 4;
    }
    tableSize = alignUp(tableSize, 4);

    this.align(2);
    const vtable = this.length;
    this.uint16(4 + 2 * fields.length);
    this.uint16(tableSize);
    for (const offset of fieldOffsets) this.uint16(offset);

    this.align(4);
    const tableStart = this.length;
    this.reserve(tableSize);
    this.view.setInt32(tableStart, tableStart - vtable, true);
    for (const { id, field } of ordered) {
      const position = tableStart + (fieldOffsets[id] ?? 0);
      if (field.kind === 'uint8') this.view.setUint8(position, field.value);
      else if (field.kind === 'uint32') this.view.setUint32(position, field.value, true);
    }
    // Children after the table: offsets from the table point forward.
    for (const { id, field } of ordered) {
      if (field.kind === 'offset') this.writeOffset(tableStart + (fieldOffsets[id] ?? 0), field.to);
    }
    return tableStart;
  }

  private writeString(value: string): number {
    const encoded = new TextEncoder().encode(value);
    this.align(4);
    const start = this.length;
    this.uint32(encoded.length);
    this.raw(encoded);
    this.raw(new Uint8Array([0])); // strings are NUL-terminated (not counted in the length)
    return start;
  }

  private writeFloat32Vector(values: number[]): number {
    this.align(4);
    const start = this.length;
    this.uint32(values.length);
    for (const value of values) this.view.setFloat32(this.reserve(4), value, true);
    return start;
  }

  private writeOffsetVector(items: FbReference[]): number {
    this.align(4);
    const start = this.length;
    this.uint32(items.length);
    const firstSlot = this.reserve(4 * items.length);
    items.forEach((item, index) => this.writeOffset(firstSlot + 4 * index, item));
    return start;
  }

  private uint16(value: number): void {
    this.view.setUint16(this.reserve(2), value, true);
  }

  private uint32(value: number): void {
    this.view.setUint32(this.reserve(4), value, true);
  }

  private raw(data: Uint8Array): void {
    this.bytes.set(data, this.reserve(data.length));
  }

  private align(alignment: number): void {
    this.reserve(alignUp(this.length, alignment) - this.length);
  }

  /** Appends `size` zero bytes; returns their position. */
  private reserve(size: number): number {
    const position = this.length;
    if (position + size > this.bytes.length) {
      const grown = new Uint8Array(Math.max(this.bytes.length * 2, position + size));
      grown.set(this.bytes);
      this.bytes = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length += size;
    return position;
  }
}

// ---------------------------------------------------------------------------------------------
// The metadata patch
// ---------------------------------------------------------------------------------------------

/** TensorMetadata for an RGB image input normalised by (x - mean) / std. */
function imageInputMetadata(mean: number, std: number): FbObject {
  const imageContent = table(
    [ContentField.propertiesType, uint8(CONTENT_PROPERTIES_IMAGE)],
    [ContentField.properties, offsetTo(table([ImagePropertiesField.colorSpace, uint8(COLOR_SPACE_RGB)]))],
  );
  const normalization = table(
    [ProcessUnitField.optionsType, uint8(PROCESS_UNIT_NORMALIZATION)],
    [
      ProcessUnitField.options,
      offsetTo(
        table(
          [NormalizationOptionsField.mean, offsetTo(float32Vector([mean]))],
          [NormalizationOptionsField.std, offsetTo(float32Vector([std]))],
        ),
      ),
    ],
  );
  return table(
    [TensorMetadataField.name, offsetTo(string('image'))],
    [TensorMetadataField.description, offsetTo(string(`RGB image, fed as (x - ${mean}) / ${std}`))],
    [TensorMetadataField.content, offsetTo(imageContent)],
    [TensorMetadataField.processUnits, offsetTo(offsetVector([normalization]))],
  );
}

/** Builds the ModelMetadata ("M001") flatbuffer describing subgraph 0. */
function buildModelMetadata(name: string, outputTensorNames: string[], options: NormalizationMetadataOptions): Uint8Array {
  const outputs = outputTensorNames.map((output) => table([TensorMetadataField.name, offsetTo(string(output))]));
  const subgraph = table(
    [SubGraphMetadataField.inputTensorMetadata, offsetTo(offsetVector([imageInputMetadata(options.mean, options.std)]))],
    [SubGraphMetadataField.outputTensorMetadata, offsetTo(offsetVector(outputs))],
  );
  const root = table(
    [ModelMetadataField.name, offsetTo(string(name))],
    [ModelMetadataField.version, offsetTo(string('1'))],
    [ModelMetadataField.subgraphMetadata, offsetTo(offsetVector([subgraph]))],
    // Every field written here exists since metadata schema 1.0.0.
    [ModelMetadataField.minParserVersion, offsetTo(string('1.0.0'))],
  );
  return ForwardFlatBufferWriter.writeRoot(root, METADATA_IDENTIFIER).result();
}

/** The old root table's fields, re-pointed from a new root table (buffers/metadata replaced). */
function copiedModelFields(reader: FlatBufferReader, root: number): Array<[id: number, field: FbField]> {
  if (reader.fieldCount(root) > MODEL_FIELD_COUNT) {
    // A newer schema field might be a scalar or an offset; copying it blindly could corrupt it.
    for (let id = MODEL_FIELD_COUNT; id < reader.fieldCount(root); id++) {
      if (reader.fieldPosition(root, id) !== undefined) {
        throw new Error(`TFLite model uses Model field ${id}, unknown to this writer (schema newer than expected)`);
      }
    }
  }
  const fields: Array<[id: number, field: FbField]> = [];
  const version = reader.fieldPosition(root, ModelField.version);
  if (version !== undefined) fields.push([ModelField.version, uint32(reader.uint32(version))]);
  for (const id of [ModelField.operatorCodes, ModelField.subgraphs, ModelField.description, ModelField.metadataBuffer, ModelField.signatureDefs]) {
    const target = reader.referenceField(root, id);
    if (target !== undefined) fields.push([id, offsetTo(inOldContent(target))]);
  }
  return fields;
}

function inOldContent(position: number): ExternalTarget {
  return { kind: 'external', region: 'oldContent', position };
}

/** Buffers that store data outside the flatbuffer (models > 2 GB) use absolute file offsets, which moving the content would break. */
function assertBuffersAreInline(reader: FlatBufferReader, buffers: number[]): void {
  for (const [index, buffer] of buffers.entries()) {
    if (reader.uint64Field(buffer, BufferField.offset) > 1n) {
      throw new Error(`TFLite buffer ${index} stores its data outside the flatbuffer; not supported`);
    }
  }
}

/**
 * Returns a copy of `model` with a TFLITE_METADATA entry whose ModelMetadata gives the single
 * input tensor of subgraph 0 NormalizationOptions { mean: [mean], std: [std] } and names every
 * output tensor (after the model's own tensor names).
 *
 * Not idempotent by design: a model that already has TFLITE_METADATA is refused with an error
 * rather than silently returned, so that a build never ships metadata it did not write.
 */
export function addNormalizationMetadata(model: Uint8Array, options: NormalizationMetadataOptions): Uint8Array {
  const reader = openTfliteModel(model);
  return reportingCorruptFile('TFLite model', () => {
    const root = reader.rootTable();
    const summary = readTfliteModel(model);
    if (summary.metadata.some((entry) => entry.name === TFLITE_METADATA_NAME)) {
      throw new Error(`TFLite model already has ${TFLITE_METADATA_NAME} metadata; refusing to add a second entry`);
    }
    if (summary.mainSubgraph.inputs.length !== 1) {
      throw new Error(`expected one image input tensor in subgraph 0, found ${summary.mainSubgraph.inputs.length}`);
    }
    const oldBuffers = reader.tableVectorField(root, ModelField.buffers);
    assertBuffersAreInline(reader, oldBuffers);
    const name = options.name ?? reader.stringField(root, ModelField.description) ?? 'model';
    const metadata = buildModelMetadata(name, summary.mainSubgraph.outputs.map((output) => output.name), options);

    // The new root table: old fields, plus the buffers and metadata vectors each grown by one.
    const newBuffer = table([BufferField.data, offsetTo({ kind: 'external', region: 'appendedData', position: 0 })]);
    const metadataEntry = table(
      [MetadataField.name, offsetTo(string(TFLITE_METADATA_NAME))],
      [MetadataField.buffer, uint32(oldBuffers.length)], // index of newBuffer
    );
    const oldMetadata = reader.tableVectorField(root, ModelField.metadata);
    const newRoot = table(
      ...copiedModelFields(reader, root),
      [ModelField.buffers, offsetTo(offsetVector([...oldBuffers.map(inOldContent), newBuffer]))],
      [ModelField.metadata, offsetTo(offsetVector([...oldMetadata.map(inOldContent), metadataEntry]))],
    );
    const header = ForwardFlatBufferWriter.writeRoot(newRoot, TFLITE_IDENTIFIER);
    return assemble(header, model, metadata);
  });
}

/** Lays out [header][old content][metadata as a [ubyte] vector] and resolves the header's external offsets. */
function assemble(header: ForwardFlatBufferWriter, oldContent: Uint8Array, appendedData: Uint8Array): Uint8Array {
  const headerBytes = header.result();
  const oldContentStart = alignUp(headerBytes.length, BUFFER_ALIGNMENT);
  // The vector's 4-byte length sits just before its data, which must be 16-aligned.
  const appendedDataStart = alignUp(oldContentStart + oldContent.length + 4, BUFFER_ALIGNMENT);
  const appendedVector = appendedDataStart - 4;

  const output = new Uint8Array(appendedDataStart + appendedData.length);
  const view = new DataView(output.buffer);
  output.set(headerBytes, 0);
  output.set(oldContent, oldContentStart);
  view.setUint32(appendedVector, appendedData.length, true);
  output.set(appendedData, appendedDataStart);

  for (const { slot, target } of header.pendingExternalOffsets) {
    const absolute = target.region === 'oldContent' ? oldContentStart + target.position : appendedVector + target.position;
    view.setUint32(slot, absolute - slot, true);
  }
  return output;
}
