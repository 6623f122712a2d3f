/**
 * `tinydisplay/config`: the config file of the `tinydisplay` CLI, for programs that check one
 * themselves: validate YAML or JSON text or a parsed value (every problem with its path), the zod
 * schema and the JSON Schema made from it, durations as the file writes them (`500ms`, `2s`, `12ticks`).
 *
 * A subpath of its own because validation needs zod and yaml, which take longer to import than the
 * rest of the package together (seconds on a Raspberry Pi Zero): `import 'tinydisplay'` loads
 * neither, a program loads them by importing this entry. test/exports.test.ts pins this list.
 */

export { parseDuration } from './config/duration.js';
export { type ConfigCheck, type ConfigIssue, formatIssues } from './config/issues.js';
export { type Config, configJsonSchema, configSchema } from './config/schema.js';
export {
  type SourceKeys,
  type ValidateOptions,
  validateConfig,
  validateConfigText,
} from './config/validate.js';
