/**
 * Names of the config layer for the rest of the code base: this file only re-exports.
 *
 * What the runtime needs of a validated config (durations, expression keys, widget building, the
 * config's types, printing a check's issues) loads no dependency. The validator (validate.ts: yaml; schema.ts: zod) is not
 * re-exported here: it loads only through `tinydisplay/config` (src/config.ts) and the CLI's
 * config-file.ts, so `import 'tinydisplay'` and a `DisplayRuntime` load neither zod nor yaml
 * (test/startup/imports.test.ts holds that).
 */
export { type ConfigDuration, durationMs, durationTicks, parseDuration } from './duration.js';
export { expressionKeys } from './expression-keys.js';
export { type ConfigCheck, type ConfigIssue, formatIssues, formatPath } from './issues.js';
export type {
  ActionConfig,
  AnimationConfig,
  BindingConfig,
  Config,
  GroupWidgetConfig,
  MapConfig,
  OutputConfig,
  SourceConfig,
  TriggerConfig,
  WidgetConfig,
} from './schema.js';
export type { SourceKeys, ValidateOptions } from './validate.js';
export {
  buildWidget,
  parseTemplate,
  type TextPart,
  type TextTemplate,
  templateKeys,
  type WidgetBuildContext,
} from './widgets.js';
