/** Options the commands that run one `<source>` share (record, keys, monitor): how it is built and supervised. */

import { PAYLOAD_FORMATS, type PayloadFormat } from '../sources/index.js';
import { defaultSilentAfterMs, type SourceSettings } from './create-source.js';
import type { CliIo } from './io.js';
import { parseSourceSpec, type SourceSpec } from './source-spec.js';
import { UsageError } from './usage-error.js';

/** The shared options as commander read them (times in ms; see `sourceOptions` in program.ts). */
export interface SourceOptionValues {
  readonly id?: string;
  readonly sample?: number;
  readonly key?: string;
  readonly format?: string;
  readonly seqField?: string;
  readonly silentAfter?: number;
  readonly speed?: number;
  readonly fast?: boolean;
  readonly retries?: number;
  readonly duration?: number;
}

export interface SourceChoice {
  readonly spec: SourceSpec;
  readonly settings: SourceSettings;
  /** Run time limit in ms, or undefined for "until a signal or the source ends". */
  readonly durationMs: number | undefined;
  /** Failed reconnections in a row before the supervisor gives up (its `backoff.maxAttempts`). */
  readonly maxAttempts: number;
  /** The supervisor's `silentAfterMs` (undefined: never silent). */
  readonly silentAfterMs: number | undefined;
  /** The supervisor's `sequenceField`. */
  readonly sequenceField: string | undefined;
}

/** Check the `<source>` argument and the shared options together. */
export function readSourceChoice(
  specText: string,
  options: SourceOptionValues,
  io: CliIo,
  command: string,
): SourceChoice {
  const spec = parseSourceSpec(specText);
  const { id, key, format, speed, retries } = options;
  const fast = options.fast === true;
  if (fast && speed !== undefined)
    throw new UsageError(`${command}: give --speed or --fast, not both`, '--fast');
  if ((fast || speed !== undefined) && spec.kind !== 'file')
    throw new UsageError(
      `${command}: ${fast ? '--fast' : '--speed'} applies to a file: source only`,
      fast ? '--fast' : '--speed',
    );
  if (format !== undefined && !PAYLOAD_FORMATS.includes(format as PayloadFormat))
    throw new UsageError(
      `--format: expected ${PAYLOAD_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
      '--format',
    );
  if (format !== undefined && format !== 'json' && key === undefined && spec.kind !== 'mqtt')
    throw new UsageError(`--format ${format}: needs --key KEY to write each value under`, '--format');
  const intervalMs = options.sample;
  return {
    spec,
    settings: {
      id,
      key,
      format: format as PayloadFormat | undefined,
      intervalMs,
      speed: fast ? Number.POSITIVE_INFINITY : speed,
      stdin: io.stdin,
    },
    durationMs: options.duration,
    // The supervisor's `maxAttempts` counts the attempts after the first one (its retries).
    maxAttempts: retries ?? Number.POSITIVE_INFINITY,
    silentAfterMs: options.silentAfter ?? defaultSilentAfterMs(spec, intervalMs),
    sequenceField: options.seqField,
  };
}
