#!/usr/bin/env node
/**
 * Entry point of the `tinydisplay` bin. Sets the exit code and lets Node exit by itself once every
 * handle is closed, so buffered output (a recording on stdout) is never cut short. A handle left open
 * by mistake would keep the process alive, so a short unref'd timer forces the exit after the run.
 */
import { processIo } from './io.js';
import { runCli } from './run.js';

// A reader that went away (`tinydisplay --help | head`) is a normal way to stop: not a crash.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});
const code = await runCli(process.argv.slice(2), processIo());
process.exitCode = code;
setTimeout(() => process.exit(code), 2_000).unref();
