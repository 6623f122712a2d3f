/**
 * The edge check every delivered payload goes through before the sink: the data layer's generic
 * checks (size, depth, forbidden keys, non-finite numbers, types), then the source's schema, in one
 * pass (schema.ts). Without a schema, a flat numeric payload of a shape seen before is checked by
 * its shape (one walk of its keys, named loads) and handed on as it is.
 */
import {
  type FieldValue,
  flattenPayload,
  MAX_SHAPE_KEYS,
  type PayloadLimits,
  parseJsonPayload,
  type ResolvedLimits,
  resolvePayloadLimits,
  ShapeCache,
  type ShapeColumn,
} from '../data/index.js';
import { SourceRefusal } from './refusal.js';
import { CompiledSchema, type SourceSchema } from './schema.js';

/** A leaf as the shape cache learns it. */
function leafColumn(path: string, value: FieldValue): ShapeColumn {
  return { key: path, type: typeof value === 'number' ? 'number' : 'any' };
}

const NUMBER_TEXT = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|NaN|Infinity)\s*$/;

export class PayloadGate {
  readonly limits: ResolvedLimits;
  private readonly schema: CompiledSchema | undefined;
  // Without a schema: flat numeric shapes already checked once (values land in `nums`, unused).
  private readonly known = new ShapeCache<ShapeColumn>();
  private readonly nums = new Float64Array(MAX_SHAPE_KEYS);
  private readonly leaves: ShapeColumn[] = [];
  private readonly learnLeaf = (path: string, value: FieldValue): void => {
    if (this.leaves.length <= MAX_SHAPE_KEYS) this.leaves.push(leafColumn(path, value));
  };

  constructor(limits: PayloadLimits = {}, schema?: SourceSchema) {
    this.limits = resolvePayloadLimits(limits);
    this.schema = schema === undefined ? undefined : new CompiledSchema(schema);
  }

  /**
   * Check a decoded payload. Returns what to write (with a schema: an object valid until the next
   * call, see `CompiledSchema.apply`). Throws `PayloadError` or `SourceRefusal`.
   */
  check(data: unknown): Readonly<Record<string, unknown>> {
    if (this.schema !== undefined) return this.schema.apply(data, this.limits);
    const record = data as Readonly<Record<string, unknown>>;
    if (this.known.read(record, this.nums) !== null) return record;
    this.leaves.length = 0;
    flattenPayload(data, this.limits, this.learnLeaf);
    this.known.learn(record, this.leaves, this.leaves.length);
    return record;
  }

  /**
   * Decode text: a JSON object; with `key`, also a plain number (`{ [key]: n }`) or any JSON value
   * nested under `key`. Size and depth are checked before parsing.
   */
  decode(text: string, key?: string): unknown {
    if (key !== undefined && NUMBER_TEXT.test(text)) {
      const n = Number(text);
      if (!Number.isFinite(n))
        throw new SourceRefusal(
          'non-finite',
          key,
          text.trim(),
          `field "${key}" must be a finite number, got ${text.trim()}`,
        );
      return { [key]: n };
    }
    const parsed = parseJsonPayload(text, this.limits);
    if (key === undefined) return parsed;
    return { [key]: parsed };
  }
}
