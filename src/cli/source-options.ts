/** Options `record` and `monitor` share: how the source is built and supervised. */

import { PAYLOAD_FORMATS, type PayloadFormat } from '../sources/index.js';
import {
  flagOption,
  numberOption,
  type OptionSpecs,
  type ParsedArgs,
  parseNumber,
  SECONDS,
  stringOption,
} from './args.js';
import { defaultStaleAfterMs, type SourceSettings } from './create-source.js';
import type { CliIo } from './io.js';
import { parseSourceSpec, type SourceSpec } from './source-spec.js';
import { UsageError } from './usage-error.js';

export const SOURCE_OPTIONS: OptionSpecs = {
  id: {
    kind: 'value',
    placeholder: 'ID',
    help: 'source id written with every point (default: the transport name)',
  },
  sample: {
    kind: 'value',
    placeholder: 'SECONDS',
    help: 'sampling (synthetic, system) or polling (http) interval (default 0.1 / 1 / 5)',
  },
  key: {
    kind: 'value',
    placeholder: 'KEY',
    help: 'nest each message under KEY (ws, http, tcp, stdin; for plain numbers and strings); mqtt: key template',
  },
  format: {
    kind: 'value',
    placeholder: 'F',
    help: 'payloads as json, number, string or auto (default: auto with a key or for mqtt, else json)',
  },
  'seq-field': {
    kind: 'value',
    placeholder: 'FIELD',
    help: "the publisher's sequence number field: skipped numbers are counted as lost, repeats as duplicates",
  },
  'stale-after': {
    kind: 'value',
    placeholder: 'SECONDS',
    help: 'the source is stale after this long without data (default: 3 samples, or 30 s for push sources)',
  },
  speed: { kind: 'value', placeholder: 'X', help: 'file: replay speed, 1 = as recorded (default 1)' },
  fast: { kind: 'flag', help: 'file: replay as fast as possible' },
  retries: {
    kind: 'value',
    placeholder: 'N',
    help: 'give up (exit 1) after N failed reconnections in a row (default: never)',
  },
  duration: { kind: 'value', placeholder: 'SECONDS', help: 'stop after this long (default: until Ctrl-C)' },
};

export interface SourceChoice {
  readonly spec: SourceSpec;
  readonly settings: SourceSettings;
  /** Run time limit in ms, or undefined for "until a signal or the source ends". */
  readonly durationMs: number | undefined;
  /** Failed reconnections in a row before the supervisor gives up (its `backoff.maxAttempts`). */
  readonly maxAttempts: number;
  /** The supervisor's `staleAfter`, ms (undefined: never stale). */
  readonly staleAfterMs: number | undefined;
  /** The supervisor's `sequenceField`. */
  readonly sequenceField: string | undefined;
}

/**
 * Read the `<source>` positional and the shared options. `interval` names the option that sets the
 * sampling interval in this command (`record` accepts `--interval` as well as `--sample`).
 */
export function readSourceChoice(
  args: ParsedArgs,
  io: CliIo,
  command: string,
  intervalAlias?: string,
): SourceChoice {
  const [specText, ...extra] = args.positionals;
  if (specText === undefined)
    throw new UsageError(`${command}: expected a <source> (for example: synthetic), got nothing`, '<source>');
  if (extra.length > 0)
    throw new UsageError(
      `${command}: expected one <source>, got extra argument ${JSON.stringify(extra[0])}`,
      extra[0] as string,
    );
  const spec = parseSourceSpec(specText);
  let sample = numberOption(args, 'sample', SECONDS);
  if (intervalAlias !== undefined) {
    const alias = numberOption(args, intervalAlias, SECONDS);
    if (alias !== undefined && sample !== undefined)
      throw new UsageError(`${command}: give --sample or --${intervalAlias}, not both`, `--${intervalAlias}`);
    sample ??= alias;
  }
  const speed = numberOption(args, 'speed', { expected: 'a speed factor > 0', min: 0, exclusiveMin: true });
  const fast = flagOption(args, 'fast');
  if (fast && speed !== undefined)
    throw new UsageError(`${command}: give --speed or --fast, not both`, '--fast');
  if ((fast || speed !== undefined) && spec.kind !== 'file')
    throw new UsageError(
      `${command}: ${fast ? '--fast' : '--speed'} applies to a file: source only`,
      fast ? '--fast' : '--speed',
    );
  const id = stringOption(args, 'id');
  if (id === '') throw new UsageError('--id: expected a non-empty source id, got ""', '--id');
  const key = stringOption(args, 'key');
  if (key === '') throw new UsageError('--key: expected a non-empty key, got ""', '--key');
  const duration = numberOption(args, 'duration', SECONDS);
  const retries = stringOption(args, 'retries');
  const format = stringOption(args, 'format');
  if (format !== undefined && !PAYLOAD_FORMATS.includes(format as PayloadFormat))
    throw new UsageError(
      `--format: expected ${PAYLOAD_FORMATS.join(', ')}, got ${JSON.stringify(format)}`,
      '--format',
    );
  if (format !== undefined && format !== 'json' && key === undefined && spec.kind !== 'mqtt')
    throw new UsageError(`--format ${format}: needs --key KEY to write each value under`, '--format');
  const sequenceField = stringOption(args, 'seq-field');
  if (sequenceField === '') throw new UsageError('--seq-field: expected a field path, got ""', '--seq-field');
  const staleAfter = numberOption(args, 'stale-after', SECONDS);
  const intervalMs = sample === undefined ? undefined : sample * 1000;
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
    durationMs: duration === undefined ? undefined : duration * 1000,
    // The supervisor's `maxAttempts` counts the attempts after the first one (its retries).
    maxAttempts:
      retries === undefined
        ? Number.POSITIVE_INFINITY
        : parseNumber(retries, { expected: 'an integer >= 1', min: 1, integer: true }, '--retries'),
    staleAfterMs: staleAfter === undefined ? defaultStaleAfterMs(spec, intervalMs) : staleAfter * 1000,
    sequenceField,
  };
}
