/**
 * Validation of a config file, before anything starts: parse (YAML, of which JSON is a subset), check
 * the shape with the zod schema, then check across sections (ids that must exist, widget properties,
 * data keys). Every problem is collected with its path (`widgets[2].fill`) and what was expected; none
 * stops the others from being found: when the shape check fails, the checks across sections still run
 * on what parsed (salvage.ts), skipping what needs a part that did not.
 *
 * Errors come out shape errors first (in the schema's order), then the errors across sections (in the
 * order of the checks below), each once.
 */
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { compileExpression, ExpressionError } from '../binding/index.js';
import { RingBuffer } from '../data/index.js';
import type { Widget } from '../render/index.js';
import { parseDuration } from './duration.js';
import { expressionKeys } from './expression-keys.js';
import { type ConfigCheck, type ConfigIssue, formatPath } from './issues.js';
import { outputFitIssues } from './output-fit.js';
import { type Dropped, nothingDropped, type SalvagedConfig, salvageConfig } from './salvage.js';
import { type ActionConfig, configSchema, type OutputConfig, type WidgetConfig } from './schema.js';
import { buildWidget, templateKeys } from './widgets.js';

/**
 * What the validator may learn about a source from its `url`: the keys it will produce (`undefined`
 * when they cannot be known ahead, as for MQTT), or an error message when the url is not a source.
 */
export type SourceKeys = (url: string) => { readonly keys?: readonly string[]; readonly error?: string };

/** Options of `validateConfig` and `validateConfigText`. */
export interface ValidateOptions {
  /** Keys of a source (the CLI gives the source-spec parser). Default: every source's keys are unknown. */
  readonly sourceKeys?: SourceKeys;
  /** Where relative files (images) start. Default the current directory. */
  readonly baseDir?: string;
}

function zodIssues(error: z.ZodError): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
      // Show the branch that went furthest, not "invalid input".
      const best = [...issue.errors].sort((a, b) => b.length - a.length)[0] ?? [];
      const deepest = best.filter((i) => i.code !== 'invalid_union');
      if (deepest.length > 0 && deepest.length <= 3) {
        for (const i of deepest)
          out.push({ path: formatPath([...issue.path, ...i.path]), message: i.message });
        continue;
      }
    }
    out.push({ path: formatPath(issue.path), message: issue.message });
  }
  return out;
}

/** Parse the text of a config file (YAML or JSON). */
export function parseConfigText(text: string): { value: unknown; errors: ConfigIssue[] } {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      value: undefined,
      errors: doc.errors.map((e) => ({
        path: '',
        message: `not valid YAML or JSON: ${e.message.split('\n')[0]}${e.linePos ? ` (line ${e.linePos[0].line})` : ''}`,
      })),
    };
  }
  return { value: doc.toJS(), errors: [] };
}

interface WidgetInfo {
  readonly path: string;
  readonly widget: Widget;
  readonly type: WidgetConfig['type'];
}

/** Each issue once (same path and message), in the order first seen. */
function unique(issues: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}\n${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * Check a parsed value: its shape, and across sections. Every error at once: a shape error does not
 * hide an error across sections (those run on the sections and list items that parsed).
 */
export function validateConfig(value: unknown, options: ValidateOptions = {}): ConfigCheck {
  const parsed = configSchema.safeParse(value);
  if (parsed.success) {
    const { errors, warnings } = crossCheck(parsed.data, nothingDropped(), options);
    return errors.length > 0
      ? { config: undefined, errors, warnings }
      : { config: parsed.data, errors, warnings };
  }
  const shapeErrors = zodIssues(parsed.error);
  const salvaged = salvageConfig(value);
  if (salvaged === undefined) return { config: undefined, errors: unique(shapeErrors), warnings: [] };
  const { errors, warnings } = crossCheck(salvaged.config, salvaged.dropped, options);
  return { config: undefined, errors: unique([...shapeErrors, ...errors]), warnings };
}

/**
 * The checks across sections, on a config as far as it parsed: an id carried by an item that failed
 * its shape counts as defined (its shape error is reported), a check that needs a section that failed
 * (the display for the output fit) is skipped.
 */
function crossCheck(
  config: SalvagedConfig,
  dropped: Dropped,
  options: ValidateOptions,
): { errors: ConfigIssue[]; warnings: ConfigIssue[] } {
  const errors: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const err = (path: string, message: string): void => {
    errors.push({ path, message });
  };

  // Sources and the keys they provide.
  const known = new Set<string>();
  let unknownSources =
    dropped.unknownSources || (config.sources.length === 0 && dropped.sourceUrls.size === 0);
  const sourceIds = new Set<string>();
  const urls = new Map(dropped.sourceUrls);
  config.sources.forEach((s, i) => {
    if (sourceIds.has(s.id)) err(`sources[${i}].id`, `another source has the id "${s.id}"`);
    sourceIds.add(s.id);
    for (const field of ['interval'] as const) {
      const d = s[field];
      if (d !== undefined && parseDuration(d) === 0) err(`sources[${i}].${field}`, 'expected a duration > 0');
    }
    urls.set(i, s.url);
  });
  // A source that failed its shape still tells its keys by its url.
  for (const [i, url] of [...urls].sort((a, b) => a[0] - b[0])) {
    const info = options.sourceKeys?.(url) ?? {};
    if (info.error !== undefined) err(`sources[${i}].url`, info.error);
    if (info.keys === undefined) unknownSources = true;
    else for (const k of info.keys) known.add(k);
  }
  const checkKey = (path: string, key: string) => {
    if (known.has(key)) return;
    const seen = known.size > 0 ? ` (keys known: ${[...known].sort().join(', ')})` : '';
    if (unknownSources)
      warnings.push({
        path,
        message: `key "${key}" is not known ahead from any source; it must come from a source whose keys are known only at run time${seen}`,
      });
    else err(path, `no source provides the key "${key}"${seen}`);
  };

  // Widgets: build each once (their own option checks), collect ids and property names.
  const widgets = new Map<string, WidgetInfo>();
  const buffer = new RingBuffer({ capacity: 16 });
  const visit = (list: readonly WidgetConfig[], base: string) => {
    list.forEach((w, i) => {
      const path = `${base}[${i}]`;
      let widget: Widget | undefined;
      try {
        widget = buildWidget(w.type === 'group' ? { ...w, children: [] } : w, {
          buffer,
          baseDir: options.baseDir ?? process.cwd(),
          templates: [],
        });
      } catch (e) {
        err(path, e instanceof Error ? e.message : String(e));
      }
      if (w.id !== undefined) {
        if (widgets.has(w.id))
          err(`${path}.id`, `another widget (${widgets.get(w.id)?.path}) has the id "${w.id}"`);
        else if (widget) widgets.set(w.id, { path, widget, type: w.type });
        // Its error is reported: a reference to it is not another one.
        else dropped.widgets.add(w.id);
      }
      if (w.status) checkKey(`${path}.status.key`, w.status.key);
      if (w.type === 'sparkline') checkKey(`${path}.key`, w.key);
      if (w.type === 'text') for (const k of templateKeys(w.text)) checkKey(`${path}.text`, k);
      if (w.type === 'group') visit(w.children, `${path}.children`);
    });
  };
  visit(config.widgets, 'widgets');

  const checkProperty = (path: string, target: string, property: string, allowText: boolean) => {
    const info = widgets.get(target);
    if (info === undefined) {
      if (dropped.widgets.has(target)) return;
      err(
        `${path}.target`,
        `no widget has the id "${target}" (widget ids: ${[...widgets.keys()].join(', ') || 'none'})`,
      );
      return;
    }
    if (allowText && info.type === 'text' && property === 'text') return;
    if (info.widget.propertyIndex(property) < 0)
      err(
        `${path}.property`,
        `${info.type} "${target}" has no property "${property}" (expected one of ${info.widget.specs.map((s) => s.name).join(', ')}${info.type === 'text' && allowText ? ', text' : ''})`,
      );
  };

  // Animations.
  const animations = new Set<string>();
  config.animations.forEach((a, i) => {
    if (animations.has(a.id)) err(`animations[${i}].id`, `another animation has the id "${a.id}"`);
    animations.add(a.id);
    const info = widgets.get(a.target);
    if (info === undefined) {
      if (!dropped.widgets.has(a.target))
        err(`animations[${i}].target`, `no widget has the id "${a.target}"`);
      return;
    }
    for (const prop of Object.keys(a.tracks))
      if (info.widget.propertyIndex(prop) < 0)
        err(
          `animations[${i}].tracks.${prop}`,
          `${info.type} "${a.target}" has no property "${prop}" (expected one of ${info.widget.specs.map((s) => s.name).join(', ')})`,
        );
  });

  // Bindings.
  config.bindings.forEach((b, i) => {
    checkKey(`bindings[${i}].key`, b.key);
    checkProperty(`bindings[${i}]`, b.target, b.property, true);
  });

  // Primitive ids (coordination and triggers share one namespace).
  const primitives = new Map<string, string>();
  const addPrimitive = (path: string, id: string): void => {
    const other = primitives.get(id);
    if (other !== undefined) err(path, `"${id}" is already the id of ${other}`);
    else primitives.set(id, path);
  };
  const c = config.coordination;
  c.syncs.forEach((s, i) => {
    addPrimitive(`coordination.syncs[${i}].id`, s.id);
  });
  c.sequences.forEach((s, i) => {
    addPrimitive(`coordination.sequences[${i}].id`, s.id);
  });
  c.barriers.forEach((s, i) => {
    addPrimitive(`coordination.barriers[${i}].id`, s.id);
  });
  c.timelines.forEach((s, i) => {
    addPrimitive(`coordination.timelines[${i}].id`, s.id);
  });
  config.triggers.forEach((t, i) => {
    addPrimitive(`triggers[${i}].id`, t.id);
  });

  const needAnimation = (path: string, id: string): void => {
    if (!animations.has(id) && !dropped.animations.has(id))
      err(path, `no animation has the id "${id}" (animations: ${[...animations].join(', ') || 'none'})`);
  };
  const checkActions = (path: string, actions: readonly ActionConfig[]): void => {
    actions.forEach((a, j) => {
      const p = `${path}[${j}]`;
      if ('start' in a) needAnimation(`${p}.start`, a.start);
      else if ('stop' in a) needAnimation(`${p}.stop`, a.stop);
      else if ('fire' in a) {
        if (!primitives.has(a.fire) && !dropped.primitives.has(a.fire))
          err(`${p}.fire`, `no sync, sequence, barrier, timeline or trigger has the id "${a.fire}"`);
      } else checkProperty(`${p}.set`, a.set.target, a.set.property, true);
    });
  };
  c.syncs.forEach((s, i) => {
    s.animations.forEach((a, j) => {
      needAnimation(`coordination.syncs[${i}].animations[${j}]`, a);
    });
  });
  c.sequences.forEach((s, i) => {
    s.steps.forEach((st, j) => {
      needAnimation(`coordination.sequences[${i}].steps[${j}].animation`, st.animation);
    });
  });
  c.barriers.forEach((s, i) => {
    s.members.forEach((m, j) => {
      if (
        !animations.has(m) &&
        !primitives.has(m) &&
        !dropped.animations.has(m) &&
        !dropped.primitives.has(m)
      )
        err(`coordination.barriers[${i}].members[${j}]`, `no animation or primitive has the id "${m}"`);
    });
    checkActions(`coordination.barriers[${i}].actions`, s.actions);
  });
  c.timelines.forEach((s, i) => {
    s.entries.forEach((e, j) => {
      checkActions(`coordination.timelines[${i}].entries[${j}].actions`, e.actions);
    });
  });

  // Outputs: the display, turned by its rotation, fits each panel (not checked without a display).
  if (config.display !== undefined)
    errors.push(...outputFitIssues(config.display, config.outputs as readonly OutputConfig[]));

  // Triggers: keys, expressions, actions.
  config.triggers.forEach((t, i) => {
    const path = `triggers[${i}].when`;
    if (typeof t.when === 'string') {
      const keys = expressionKeys(t.when);
      for (const k of keys) checkKey(path, k);
      try {
        compileExpression(t.when, keys.length > 0 ? keys : ['_'], 1000);
      } catch (e) {
        err(path, e instanceof ExpressionError || e instanceof Error ? e.message : String(e));
      }
    } else {
      checkKey(`${path}.key`, t.when.key);
    }
    checkActions(`triggers[${i}].actions`, t.actions);
  });

  return { errors: unique(errors), warnings: unique(warnings) };
}

/** Parse and check the text of a config file. */
export function validateConfigText(text: string, options: ValidateOptions = {}): ConfigCheck {
  const { value, errors } = parseConfigText(text);
  if (errors.length > 0) return { config: undefined, errors, warnings: [] };
  return validateConfig(value, options);
}
