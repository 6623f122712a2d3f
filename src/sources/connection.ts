/**
 * One connection attempt's context: what a transport may do while its connection is open. Calls
 * that end the connection (`disconnected`, `ended`) carry the attempt's generation, so a late event
 * from an abandoned attempt is ignored by the supervisor.
 */
import type { GapMarker, IngestOptions } from '../data/index.js';
import type { SourceClock } from './clock.js';
import type { TextShape } from './gate.js';
import type { LossReason, RefusalReason } from './refusal.js';
import { showValue } from './reporter.js';
import type { SourceContext } from './source.js';

/** The supervisor as its connections see it. */
export interface ConnectionOwner {
  readonly id: string;
  readonly clock: SourceClock;
  deliverFrom(data: unknown, bytes: number, options: IngestOptions | undefined): number;
  deliverTextFrom(
    text: string,
    shape: string | TextShape | undefined,
    options: IngestOptions | undefined,
  ): number;
  writeMarker(marker: GapMarker, options?: IngestOptions): void;
  countRefusal(reason: RefusalReason, field: string, value: unknown, message: string): void;
  countLoss(reason: LossReason, count: number): void;
  countDuplicates(count: number): void;
  touchFrom(): void;
  dropped(generation: number, err: unknown): void;
  endedFrom(generation: number): void;
}

export class Connection implements SourceContext {
  readonly sourceId: string;
  readonly clock: SourceClock;
  constructor(
    private readonly owner: ConnectionOwner,
    readonly generation: number,
  ) {
    this.sourceId = owner.id;
    this.clock = owner.clock;
  }
  deliver(data: unknown, bytes: number, options?: IngestOptions): number {
    return this.owner.deliverFrom(data, bytes, options);
  }
  deliverText(text: string, shape?: string | TextShape, options?: IngestOptions): number {
    return this.owner.deliverTextFrom(text, shape, options);
  }
  marker(marker: GapMarker, options?: IngestOptions): void {
    this.owner.writeMarker(marker, options);
  }
  refuse(reason: RefusalReason, field: string, value: unknown): void {
    this.owner.countRefusal(reason, field, value, `${reason}: field "${field}", got ${showValue(value)}`);
  }
  lose(reason: LossReason, count: number): void {
    this.owner.countLoss(reason, count);
  }
  duplicate(count: number): void {
    this.owner.countDuplicates(count);
  }
  touch(): void {
    this.owner.touchFrom();
  }
  disconnected(error?: unknown): void {
    this.owner.dropped(this.generation, error ?? new Error('connection closed'));
  }
  ended(): void {
    this.owner.endedFrom(this.generation);
  }
}
