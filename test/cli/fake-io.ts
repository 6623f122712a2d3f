/** A `CliIo` for running commands in this process: captured output, given stdin, signals the test sends. */
import { PassThrough, Writable } from 'node:stream';
import type { CliIo } from '../../src/cli/index.js';

export class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null) => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

export function fakeIo(input = '') {
  const stdin = new PassThrough();
  stdin.end(input);
  const stdout = new Capture();
  const stderr = new Capture();
  const signals: ((s: NodeJS.Signals) => void)[] = [];
  const io: CliIo = {
    stdin,
    stdout,
    stderr,
    onSignal(handler) {
      signals.push(handler);
      return () => {
        signals.splice(signals.indexOf(handler), 1);
      };
    },
  };
  return { io, stdout, stderr, signals };
}
