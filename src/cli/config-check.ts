/**
 * Reading and validating a config file, as `validate`, `run` and `replay` do: the source-spec parser
 * as the validator's source catalogue (which keys a `system` or `synthetic` source gives), then the
 * zod schema, the checks across sections and a dry install. Loads zod and yaml (config/validate.ts);
 * a command imports this file only when it reads a config.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { ConfigCheck, SourceKeys } from '../config/index.js';
import { validateConfigText } from '../config/validate.js';
import { SYSTEM_METRIC_KEYS } from '../sources/index.js';
import { checkInstall } from './config-file.js';
import { ConfigReadError } from './config-read-error.js';
import { SYNTHETIC_FIELDS } from './create-source.js';
import { parseSourceSpec } from './source-spec.js';

/** The validator's view of a source url. */
export const sourceKeys: SourceKeys = (url) => {
  try {
    const spec = parseSourceSpec(url);
    if (spec.kind === 'synthetic') return { keys: Object.keys(SYNTHETIC_FIELDS) };
    if (spec.kind === 'system') return { keys: SYSTEM_METRIC_KEYS };
    return {};
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
};

/** Read and validate a config file; `baseDir` is its folder. Throws `ConfigReadError` when it cannot be read. */
export function loadConfigFile(path: string): { check: ConfigCheck; baseDir: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigReadError(
      `config ${JSON.stringify(path)}: cannot read it (${e instanceof Error ? e.message : String(e)})`,
      path,
    );
  }
  const baseDir = dirname(resolve(path));
  return { check: checkConfigText(text, baseDir), baseDir };
}

/** Validate a config's text, then install it on a scratch pipeline (easings, maps, keyframes). */
export function checkConfigText(text: string, baseDir: string): ConfigCheck {
  const check = validateConfigText(text, { sourceKeys, baseDir });
  return check.config === undefined ? check : checkInstall(check.config, baseDir, check.warnings);
}
