/**
 * What a config check returns, and its problems as text. Apart from the validator (validate.ts, which
 * loads zod and yaml) so that printing a check loads neither.
 */
import type { Config } from './schema.js';

/** One problem, with the path of the value at fault. */
export interface ConfigIssue {
  /** `widgets[2].fill`; `''` for the whole file. */
  readonly path: string;
  readonly message: string;
}

/**
 * What `validateConfig` returns: the config with defaults filled in (undefined when there were
 * errors), the errors, and the warnings.
 */
export interface ConfigCheck {
  /** The config with defaults filled in, when there were no errors. */
  readonly config: Config | undefined;
  readonly errors: readonly ConfigIssue[];
  /** Problems that may be fine at run time (a key a source with unknown keys may provide). */
  readonly warnings: readonly ConfigIssue[];
}

/** `a.b[2].c` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

/** Issues as lines: `path: message`. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.path === '' ? '(file)' : i.path}: ${i.message}`).join('\n');
}
