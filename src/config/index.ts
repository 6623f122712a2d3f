// Public names of the config layer: this file only re-exports.
export { type ConfigDuration, durationMs, durationTicks, parseDuration } from './duration.js';
export {
  type ActionConfig,
  type AnimationConfig,
  type BindingConfig,
  type Config,
  configJsonSchema,
  configSchema,
  type GroupWidgetConfig,
  type MapConfig,
  type OutputConfig,
  type SourceConfig,
  type TriggerConfig,
  type WidgetConfig,
} from './schema.js';
export {
  type ConfigCheck,
  type ConfigIssue,
  expressionKeys,
  formatIssues,
  formatPath,
  parseConfigText,
  type SourceKeys,
  type ValidateOptions,
  validateConfig,
  validateConfigText,
} from './validate.js';
export {
  buildWidget,
  parseTemplate,
  type TextPart,
  type TextTemplate,
  templateKeys,
  type WidgetBuildContext,
} from './widgets.js';
