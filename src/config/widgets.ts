/**
 * Widgets from their config: one factory used both by validation (a dry build that finds a bad option
 * or a missing image with its path) and by the runtime. A text widget's `{key}` placeholders are
 * parsed here into a template the runtime refills when a key's value changes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ColumnarStore } from '../data/index.js';
import {
  decodePng,
  Gauge,
  Group,
  getFont,
  historySeries,
  Image,
  Line,
  type MarqueeOptions,
  ProgressBar,
  Rectangle,
  Sparkline,
  Text,
  type Widget,
} from '../render/index.js';
import type { WidgetConfig } from './schema.js';

/** One `{key}` or `{key:decimals}` placeholder of a text widget. */
export interface TextPart {
  readonly key: string;
  readonly decimals: number | undefined;
}

/** A text widget whose text shows data keys. */
export interface TextTemplate {
  readonly widget: Text;
  /** Literal pieces and placeholders, in order. */
  readonly parts: readonly (string | TextPart)[];
}

const PLACEHOLDER = /\{([^{}:]+)(?::(\d))?\}/g;

/** Split `CPU {cpu:0}%` into literals and placeholders. */
export function parseTemplate(text: string): (string | TextPart)[] {
  const parts: (string | TextPart)[] = [];
  let last = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ key: (m[1] as string).trim(), decimals: m[2] === undefined ? undefined : Number(m[2]) });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** The keys a text names in placeholders. */
export function templateKeys(text: string): string[] {
  return parseTemplate(text)
    .filter((p): p is TextPart => typeof p !== 'string')
    .map((p) => p.key);
}

export interface WidgetBuildContext {
  /** History for sparklines. */
  readonly buffer: ColumnarStore;
  /** Where relative image paths start. */
  readonly baseDir: string;
  /** Text widgets with placeholders are added here. */
  readonly templates: TextTemplate[];
}

function drop<T extends object>(o: T, ...keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k) && v !== undefined) out[k] = v;
  return out;
}

/** The config's `marquee` (its `pause` counts ticks) as the Text widget's options. */
function marqueeOptions(m: NonNullable<Extract<WidgetConfig, { type: 'text' }>['marquee']>): MarqueeOptions {
  const { pause, ...rest } = m;
  return pause === undefined ? rest : { ...rest, pauseTicks: pause };
}

/** Build one widget (and its children). Throws with the widget's own message on a bad option. */
export function buildWidget(cfg: WidgetConfig, cx: WidgetBuildContext): Widget {
  switch (cfg.type) {
    case 'text': {
      const parts = parseTemplate(cfg.text);
      const dynamic = parts.some((p) => typeof p !== 'string');
      const w = new Text({
        ...(drop(cfg, 'type', 'font', 'text', 'marquee') as object),
        w: cfg.w,
        h: cfg.h,
        text: dynamic ? '' : cfg.text,
        font: getFont(cfg.font),
        ...(cfg.marquee === undefined ? {} : { marquee: marqueeOptions(cfg.marquee) }),
      });
      if (dynamic) cx.templates.push({ widget: w, parts });
      return w;
    }
    case 'progress-bar':
      return new ProgressBar(drop(cfg, 'type') as unknown as ConstructorParameters<typeof ProgressBar>[0]);
    case 'gauge':
      return new Gauge(drop(cfg, 'type') as unknown as ConstructorParameters<typeof Gauge>[0]);
    case 'sparkline':
      return new Sparkline({
        ...(drop(cfg, 'type', 'key') as unknown as ConstructorParameters<typeof Sparkline>[0]),
        series: historySeries(cx.buffer, cfg.key),
      });
    case 'image': {
      const image = decodePng(readFileSync(resolve(cx.baseDir, cfg.file)));
      return new Image({ ...(drop(cfg, 'type', 'file') as object), image });
    }
    case 'rectangle':
      return new Rectangle(drop(cfg, 'type') as unknown as ConstructorParameters<typeof Rectangle>[0]);
    case 'line':
      return new Line(drop(cfg, 'type') as unknown as ConstructorParameters<typeof Line>[0]);
    case 'group':
      return new Group({
        ...(drop(cfg, 'type', 'children') as unknown as ConstructorParameters<typeof Group>[0]),
        children: cfg.children.map((c) => buildWidget(c, cx)),
      });
  }
}
