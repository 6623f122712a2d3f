/**
 * The edge check every delivered payload goes through before the sink: the data layer's generic
 * checks (size, depth, forbidden keys, non-finite numbers, types), then the source's schema.
 */
import {
  type FieldValue,
  flattenPayload,
  type PayloadLimits,
  parseJsonPayload,
  type ResolvedLimits,
  resolvePayloadLimits,
} from '../data/index.js';
import { SourceRefusal } from './refusal.js';
import { CompiledSchema, type SourceSchema } from './schema.js';

function ignoreLeaf(_path: string, _value: FieldValue): void {}

const NUMBER_TEXT = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|NaN|Infinity)\s*$/;

export class PayloadGate {
  readonly limits: ResolvedLimits;
  private readonly schema: CompiledSchema | undefined;
  private readonly visit: (path: string, value: FieldValue) => void;

  constructor(limits: PayloadLimits = {}, schema?: SourceSchema) {
    this.limits = resolvePayloadLimits(limits);
    this.schema = schema === undefined ? undefined : new CompiledSchema(schema);
    const compiled = this.schema;
    // Bound once per gate, not per payload.
    this.visit = compiled === undefined ? ignoreLeaf : (path, value) => compiled.field(path, value);
  }

  /** Check a decoded payload. Returns what to write. Throws `PayloadError` or `SourceRefusal`. */
  check(data: unknown): Readonly<Record<string, unknown>> {
    if (this.schema === undefined) {
      flattenPayload(data, this.limits, ignoreLeaf);
      return data as Readonly<Record<string, unknown>>;
    }
    this.schema.begin();
    flattenPayload(data, this.limits, this.visit);
    return this.schema.end();
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
