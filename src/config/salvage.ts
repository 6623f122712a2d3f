/**
 * What of a config file still parses when the whole file does not: each section with its own schema,
 * each item of a list with the item's schema. The checks across sections then run on what parsed, so
 * one run reports the shape errors and the cross-section errors together.
 *
 * Lists keep each item at its index in the file, with a hole where an item failed its shape (`forEach`
 * skips holes), so a path names the item as written. What was dropped is remembered so that it causes
 * no false error: the ids an item that failed its shape carries still count as defined, and a section
 * that failed as a whole (`widgets: 3`) makes every reference into it count as defined.
 */
import type { z } from 'zod';
import {
  type Config,
  configSchema,
  coordinationSchema,
  type GroupWidgetConfig,
  type WidgetConfig,
  widgetSchema,
} from './schema.js';

/** Ids of one namespace that items which failed their shape carry; `all` when the whole section failed. */
export class DroppedIds {
  private readonly ids = new Set<string>();
  private everything = false;

  /** Whether a reference to `id` must not be reported as undefined. */
  has(id: string): boolean {
    return this.everything || this.ids.has(id);
  }

  /** Remember the `id` field of a raw item, when it is a string. */
  addFrom(raw: unknown): void {
    const id = field(raw, 'id');
    if (typeof id === 'string') this.ids.add(id);
  }

  add(id: string): void {
    this.ids.add(id);
  }

  /** The whole section failed: any id may have been in it. */
  addAll(): void {
    this.everything = true;
  }
}

/** What was dropped, by namespace. */
export interface Dropped {
  readonly widgets: DroppedIds;
  readonly animations: DroppedIds;
  /** Coordination primitives and triggers (one namespace). */
  readonly primitives: DroppedIds;
  /** True when a source failed its shape and its keys cannot be learnt from its url. */
  unknownSources: boolean;
  /** Urls of sources that failed their shape, by index, to learn their keys from. */
  readonly sourceUrls: Map<number, string>;
}

/** A config as far as it parsed: `display` undefined when it failed; lists may have holes. */
export type SalvagedConfig = Omit<Config, 'display'> & { readonly display: Config['display'] | undefined };

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function field(raw: unknown, key: string): unknown {
  return isRecord(raw) ? raw[key] : undefined;
}

/**
 * The items of a list that parse, at their index (holes for the others). `undefined` (the key absent)
 * is the empty list; anything else not a list calls `whole` and gives the empty list.
 */
function salvageList<T>(
  raw: unknown,
  item: (value: unknown, index: number) => T | undefined,
  whole: () => void,
): T[] {
  const out: T[] = [];
  if (raw === undefined) return out;
  if (!Array.isArray(raw)) {
    whole();
    return out;
  }
  raw.forEach((value, i) => {
    const parsed = item(value, i);
    if (parsed !== undefined) out[i] = parsed;
  });
  return out;
}

function withSchema<T>(schema: z.ZodType<T>, onFail: (value: unknown) => void) {
  return (value: unknown): T | undefined => {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    onFail(value);
    return undefined;
  };
}

/** Every `id` of a raw widget and its raw descendants. */
function dropWidgetTree(raw: unknown, ids: DroppedIds): void {
  ids.addFrom(raw);
  const children = field(raw, 'children');
  if (Array.isArray(children)) for (const c of children) dropWidgetTree(c, ids);
}

/** A widget; a group keeps the children that parse even when one does not. */
function salvageWidget(raw: unknown, ids: DroppedIds): WidgetConfig | undefined {
  const children = field(raw, 'children');
  if (field(raw, 'type') === 'group' && Array.isArray(children)) {
    const r = widgetSchema.safeParse({ ...(raw as Record<string, unknown>), children: [] });
    if (!r.success) {
      dropWidgetTree(raw, ids);
      return undefined;
    }
    const kept = salvageList(
      children,
      (c) => salvageWidget(c, ids),
      () => ids.addAll(),
    );
    return { ...(r.data as GroupWidgetConfig), children: kept };
  }
  const r = widgetSchema.safeParse(raw);
  if (r.success) return r.data;
  dropWidgetTree(raw, ids);
  return undefined;
}

/**
 * What of `value` parses, section by section and item by item, and what was dropped; undefined when
 * `value` is not an object (there is nothing to check across).
 */
export function salvageConfig(value: unknown): { config: SalvagedConfig; dropped: Dropped } | undefined {
  if (!isRecord(value)) return undefined;
  const shape = configSchema.shape;
  const dropped = nothingDropped();
  const section = <T>(schema: z.ZodType<T>, raw: unknown, fallback: T): T => {
    const r = schema.safeParse(raw);
    return r.success ? r.data : fallback;
  };

  const display = shape.display.safeParse(value.display);
  const sources = salvageList(
    value.sources,
    (raw, i) => {
      const r = shape.sources.unwrap().element.safeParse(raw);
      if (r.success) return r.data;
      const url = field(raw, 'url');
      if (typeof url === 'string' && url !== '') dropped.sourceUrls.set(i, url);
      else dropped.unknownSources = true;
      return undefined;
    },
    () => {
      dropped.unknownSources = true;
    },
  );
  const primitive = withSchema(shape.triggers.unwrap().element, (raw) => dropped.primitives.addFrom(raw));
  const coordinationRaw = value.coordination;
  const c = coordinationSchema.shape;
  if (coordinationRaw !== undefined && !isRecord(coordinationRaw)) dropped.primitives.addAll();
  const allPrimitives = () => dropped.primitives.addAll();
  /** One coordination list, item by item; an id of an item that failed counts as defined. */
  const salvagePrimitives = <K extends keyof typeof c>(key: K) =>
    salvageList(
      field(coordinationRaw, key),
      withSchema(c[key].unwrap().element as z.ZodType<z.output<(typeof c)[K]>[number]>, (raw) =>
        dropped.primitives.addFrom(raw),
      ),
      allPrimitives,
    );

  const config: SalvagedConfig = {
    display: display.success ? display.data : undefined,
    buffer: section(shape.buffer, value.buffer, {}),
    sources,
    bindings: salvageList(
      value.bindings,
      withSchema(shape.bindings.unwrap().element, () => {}),
      () => {},
    ),
    triggers: salvageList(value.triggers, primitive, allPrimitives),
    animations: salvageList(
      value.animations,
      withSchema(shape.animations.unwrap().element, (raw) => dropped.animations.addFrom(raw)),
      () => dropped.animations.addAll(),
    ),
    coordination: {
      syncs: salvagePrimitives('syncs'),
      sequences: salvagePrimitives('sequences'),
      barriers: salvagePrimitives('barriers'),
      timelines: salvagePrimitives('timelines'),
    },
    widgets: salvageList(
      value.widgets,
      (raw) => salvageWidget(raw, dropped.widgets),
      () => dropped.widgets.addAll(),
    ),
    outputs: salvageList(
      value.outputs,
      withSchema(shape.outputs.unwrap().element, () => {}),
      () => {},
    ),
    monitoring: section(shape.monitoring, value.monitoring, { prometheus: false }),
  };
  return { config, dropped };
}

/** Nothing dropped: the whole file parsed. */
export function nothingDropped(): Dropped {
  return {
    widgets: new DroppedIds(),
    animations: new DroppedIds(),
    primitives: new DroppedIds(),
    unknownSources: false,
    sourceUrls: new Map(),
  };
}
