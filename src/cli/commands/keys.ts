/**
 * `tinydisplay keys <source>`: run a source for a while and print the keys it produced with their
 * latest values, so bindings can be written without reading the source's code.
 */
import { RingBuffer } from '../../data/index.js';
import { createSource } from '../create-source.js';
import type { CliIo } from '../io.js';
import { liveRunFor } from '../live-run.js';
import { readSourceChoice, type SourceOptionValues } from '../source-options.js';
import { EXIT } from '../usage-error.js';

export async function run(
  [specText]: readonly string[],
  options: SourceOptionValues,
  io: CliIo,
): Promise<number> {
  const choice = readSourceChoice(specText as string, options, io, 'keys');
  const withDuration = choice.durationMs === undefined ? { ...choice, durationMs: 3_000 } : choice;
  const buffer = new RingBuffer();
  const run = liveRunFor(withDuration, createSource(choice.spec, choice.settings), buffer, io);
  const reason = await run.run();
  const upTo = buffer.newestSeq;
  const from = buffer.oldestSeq;
  const rows = [...buffer.columnsByKey.keys()].sort().map((key) => {
    const v = buffer.latestValue(key, from - 1, upTo);
    return `${key}\t${JSON.stringify(v ?? null)}`;
  });
  io.stdout.write(rows.length > 0 ? `${rows.join('\n')}\n` : '');
  if (rows.length === 0) io.stderr.write('tinydisplay: keys: the source produced no data\n');
  return reason === 'failed' ? EXIT.runtime : EXIT.ok;
}
