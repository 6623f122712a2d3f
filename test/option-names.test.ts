/**
 * One spelling per concept, as a class of bug rather than case by case: every options interface of the
 * public surface (both entry points) is read from its source, and
 * - a timing option (`...Interval`, `...Timeout`, `...Delay`, `...After`, `...Period`, or a bare
 *   `interval`, `timeout`, `delay`, `period`, `keepalive`, `pause`) must carry its unit in its name
 *   (`Ms`, `Ticks`) or be a `Duration` (ticks or `{ ms }`, the unit in the value);
 * - an error sink (a function taking an `ErrorSink`'s arguments or a `...Report`) must be `onError`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { declaration, type Exported, listed, src } from './public-surface.js';

const TIMING = /(?:Interval|Timeout|Delay|After|Period)$|^(?:interval|timeout|delay|period|keepalive|pause)$/;
const UNIT = /(?:Ms|Ticks|Seconds)$/;
const ERROR_SINK = /\bErrorSink\b|\w*Report\b/;
const SINK_NAME = /^(?:report|reporter|onReport|errorSink|onErrors|onFailure|errors?)$/;

/** The `{ ... }` body that starts at the first `{` at or after `from` (braces balanced). */
function bodyAt(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return '';
}

/** Comments out, so that a name in a TSDoc comment is not taken for a property. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');

/** The spelling problems of one options interface's body (nested object types included). */
function optionProblems(owner: string, body: string): string[] {
  const problems: string[] = [];
  for (const m of code(body).matchAll(/(?:^|[;{,\s])(?:readonly\s+)?(\w+)\??\s*:\s*([^;{]*)/g)) {
    const [, name = '', type = ''] = m;
    if (TIMING.test(name) && !UNIT.test(name) && !/\bDuration\b/.test(type))
      problems.push(`${owner}.${name}: a timing option without its unit (name it ${name}Ms or ${name}Ticks)`);
    const sinkType = /=>/.test(type) && ERROR_SINK.test(type);
    if ((sinkType || SINK_NAME.test(name)) && name !== 'onError')
      problems.push(`${owner}.${name}: an error sink is called onError`);
  }
  return problems;
}

const exported: Exported[] = ['index.ts', 'advanced.ts', 'config.ts'].flatMap((f) => listed(join(src, f)));
const optionInterfaces = exported
  .filter((e) => e.type && /Options$/.test(e.name))
  .map((e) => ({ name: e.name, found: declaration(e.from, e.name) }))
  .filter((d) => d.found !== undefined)
  .map((d) => {
    const text = readFileSync(d.found?.file ?? '', 'utf8');
    const at = d.found?.at ?? 0;
    const head = text.slice(at, text.indexOf('\n', at));
    // `type X = Y` (an alias of another options type) has no body of its own.
    return { name: d.name, body: /^export interface\b|=\s*\{/.test(head) ? bodyAt(text, at) : '' };
  });

describe('option names of the public surface', () => {
  it('finds the options interfaces of both entry points', () => {
    expect(optionInterfaces.length).toBeGreaterThan(40);
    for (const name of ['SupervisorOptions', 'HttpPollOptions', 'FbdevOptions', 'RingBufferOptions'])
      expect(optionInterfaces.map((o) => o.name)).toContain(name);
    const supervisor = optionInterfaces.find((o) => o.name === 'SupervisorOptions');
    expect(optionProblems('SupervisorOptions', supervisor?.body ?? '')).toEqual([]);
    expect(supervisor?.body).toMatch(/readonly silentAfterMs\?: number;[\s\S]*readonly onError\?:/);
  });

  it('spells every timing option with its unit and every error sink onError', () => {
    expect(optionInterfaces.flatMap((o) => optionProblems(o.name, o.body))).toEqual([]);
  });

  it('catches the spellings it is for', () => {
    const body = `
      /** Default 5_000 (the interval in a comment is no property). */
      readonly interval?: number;
      readonly pongTimeout?: number;
      readonly silentAfterMs?: number;
      readonly debounce?: Duration;
      readonly staleAfter?: Duration;
      readonly nested?: { readonly retryDelay: number; readonly pauseTicks: number };
      readonly report?: (message: string, error: unknown) => void;
      readonly log?: (report: SourceErrorReport) => void;
      readonly onError?: ErrorSink;
    `;
    expect(optionProblems('Fake', body)).toEqual([
      'Fake.interval: a timing option without its unit (name it intervalMs or intervalTicks)',
      'Fake.pongTimeout: a timing option without its unit (name it pongTimeoutMs or pongTimeoutTicks)',
      'Fake.retryDelay: a timing option without its unit (name it retryDelayMs or retryDelayTicks)',
      'Fake.report: an error sink is called onError',
      'Fake.log: an error sink is called onError',
    ]);
  });
});
