/**
 * Runs the CLI from source as a child process (`node --import tsx src/cli/main.ts`), bounded in time
 * (60 s by default: starting tsx takes seconds on a busy machine).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { RecordedEntry } from '../../src/data/index.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when the process has exited (killed after `timeoutMs`, reported as signal SIGKILL). */
  readonly done: Promise<CliResult>;
  /** Resolves with the first match of `pattern` in stderr (rejects when the process exits first). */
  stderrMatch(pattern: RegExp): Promise<RegExpMatchArray>;
}

const running = new Set<ChildProcess>();

/** Kill every CLI a test left running (call in afterEach). */
export function killAll(): void {
  for (const c of running) c.kill('SIGKILL');
  running.clear();
}

export function startCli(args: readonly string[], timeoutMs = 60_000): RunningCli {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void; reject: (e: Error) => void }[] =
    [];
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
    for (let i = waiters.length - 1; i >= 0; i--) {
      const w = waiters[i] as (typeof waiters)[number];
      const m = stderr.match(w.pattern);
      if (m) {
        waiters.splice(i, 1);
        w.resolve(m);
      }
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      for (const w of waiters.splice(0))
        w.reject(new Error(`CLI exited before ${w.pattern}; stderr: ${stderr}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    stderrMatch(pattern) {
      const m = stderr.match(pattern);
      if (m) return Promise.resolve(m);
      if (child.exitCode !== null || child.signalCode !== null)
        return Promise.reject(new Error(`CLI has exited; stderr: ${stderr}`));
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }));
    },
  };
}

/** Run to the end, with optional input on stdin (stdin is closed after it). */
export function runCli(args: readonly string[], input?: string, timeoutMs?: number): Promise<CliResult> {
  const cli = startCli(args, timeoutMs);
  cli.child.stdin?.end(input ?? '');
  return cli.done;
}

/**
 * Per test file: a temp dir (made before the tests, removed after) and a list of closers (servers,
 * brokers) run after each test, once every CLI child it started is killed.
 */
export function useCliFiles(): { readonly dir: string; readonly closers: (() => Promise<void> | void)[] } {
  let dir = '';
  const closers: (() => Promise<void> | void)[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tinydisplay-cli-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    killAll();
    for (const close of closers.splice(0)) await close();
  });
  return {
    get dir() {
      return dir;
    },
    closers,
  };
}

/** The data points of a recording, with their source ids (gap markers left out). */
export const dataOf = (entries: readonly RecordedEntry[]) =>
  entries.flatMap((e) => ('data' in e ? [{ src: e.src, data: e.data }] : []));
