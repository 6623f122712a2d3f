import { REJECT_REASONS, type RejectReason } from '../data/index.js';

/**
 * Why a payload was refused at the edge. Each refusal is counted under exactly one reason: the data
 * layer's generic reasons (`bad-json`, `too-large`, `too-deep`, `forbidden-key`, `non-finite`,
 * `wrong-type`, ...) plus the schema's and the transports' own.
 */
export type RefusalReason =
  | RejectReason
  /** A number outside the schema's range with `onOutOfRange: 'reject'`. */
  | 'out-of-range'
  /** A field the schema requires is absent. */
  | 'missing-field'
  /** A field the schema does not know, with `unknownFields: 'reject'`. */
  | 'unknown-field'
  /** A line of a line-based transport longer than `maxLineLength`. */
  | 'line-too-long'
  /** A payload with no field holding a value (`{}`, `{"cpu": null}`, a bare `null`). */
  | 'no-value';

/** Every `RefusalReason`, in the order the monitor lists them. */
export const REFUSAL_REASONS: readonly RefusalReason[] = [
  ...REJECT_REASONS,
  'out-of-range',
  'missing-field',
  'unknown-field',
  'line-too-long',
  'no-value',
];

/** Why points that did arrive (or were half-received) never reached the sink. */
export type LossReason =
  /** A connection closed in the middle of a line: the half line is dropped. */
  | 'partial-line'
  /** The sink was full and refused the newest point (a `RingBuffer` with `overflow: 'reject-newest'`). */
  | 'buffer-full'
  /** The sink threw something that is not a payload refusal. */
  | 'sink-error'
  /** Sequence numbers the publisher skipped (`sequenceField`): points that never arrived. */
  | 'sequence-gap';

/** Every `LossReason`, in the order the monitor lists them. */
export const LOSS_REASONS: readonly LossReason[] = [
  'partial-line',
  'buffer-full',
  'sink-error',
  'sequence-gap',
];

/** A payload refused at the edge of a source, naming the field (path) and the value. */
export class SourceRefusal extends Error {
  override readonly name = 'SourceRefusal';
  constructor(
    readonly reason: RefusalReason,
    /** Path of the offending field (`cpu.load`), `''` for the whole payload. */
    readonly field: string,
    readonly value: unknown,
    message: string,
  ) {
    super(message);
  }
}
