/**
 * The scene: widgets on a framebuffer, driven by the animation engine's bound slots, the tick and the
 * data, redrawn only where something changed.
 *
 * At build, every (widget id, property) pair is bound to a slot of a `FrameSlots` once. Each tick,
 * `frame(tick)`:
 * 1. asks the engine to write tick N into the slots and copies the changed slots into the widgets;
 * 2. polls each widget for what the tick or the data changed (a marquee's offset, a chart's history,
 *    a key's status);
 * 3. when nothing changed, returns `undefined` (no drawing, no allocation);
 * 4. else lays out what moved, collects the damaged rectangles (the box drawn before ∪ the box now, of
 *    every widget that changed), and for each rectangle clears it to the background and redraws, in z
 *    order, every widget overlapping it, clipped to it;
 * 5. returns the `FrameUpdate` for outputs: the framebuffer and the damaged rectangles (whole 8-row
 *    pages for mono). The object, its array and rectangles are reused from frame to frame.
 *
 * `composeAll(tick)` does steps 1-2 and redraws everything: what a frame must equal, pixel for pixel.
 */
import { FrameSlots } from '../animation/index.js';
import type { FrameUpdate } from '../outputs/index.js';
import { Framebuffer, type PixelFormat } from './framebuffer.js';
import type { MutableRect, Rect } from './rect.js';
import { DamageList } from './scene-damage.js';
import { Group } from './widgets/group.js';
import {
  type ColourInput,
  colourOption,
  type KeyStatusSource,
  P_VISIBLE,
  P_Z,
  type PollContext,
  type Widget,
} from './widgets/widget.js';

/** What the scene needs of the animation engine (`TickAnimationEngine` has it). */
export interface SlotWriter {
  writeFrame(tick: number, slots: FrameSlots): number;
}

/**
 * Options of a `Scene`: size in pixels, pixel format (default `mono`), background, the widgets,
 * the engine that animates them and the key-status source.
 */
export interface SceneOptions {
  readonly width: number;
  readonly height: number;
  /** Default `'mono'`. */
  readonly format?: PixelFormat;
  /** What an empty pixel shows. Default black. */
  readonly background?: ColourInput;
  /** Top-level widgets, drawn in z order (equal z: the order given). */
  readonly widgets: readonly Widget[];
  /** The engine whose animations target the widgets' ids. */
  readonly engine?: SlotWriter;
  /** Key statuses for widgets with a `status` option. */
  readonly status?: KeyStatusSource;
  /** Most damaged rectangles per frame; beyond it rectangles merge (counted). Default 8. */
  readonly maxDamageRects?: number;
}

/** What the scene did since it was built. Counters only grow. */
export interface SceneStats {
  /** Frames composed (ticks that changed something, plus `composeAll` calls). */
  readonly frames: number;
  /** Ticks that changed nothing and drew nothing. */
  readonly idleTicks: number;
  /** Pixels cleared and redrawn, over all frames. */
  readonly pixelsDrawn: number;
  /** Damaged rectangles merged into another because a frame had more than `maxDamageRects`. */
  readonly damageOverflows: number;
}

class Update implements FrameUpdate {
  tick = 0;
  damage: readonly Rect[] = [];
  constructor(readonly framebuffer: Framebuffer) {}
}

const noSlot = -1;

/**
 * Widgets on a framebuffer, driven by the engine's bound slots, the tick and the data;
 * `frame(tick)` redraws only what changed and returns the damage.
 */
export class Scene {
  readonly framebuffer: Framebuffer;
  /** The slots the engine writes: one per (widget id, property). */
  readonly slots = new FrameSlots();
  readonly #engine: SlotWriter | undefined;
  readonly #byId = new Map<string, Widget>();
  readonly #roots: readonly Widget[];
  /** Every widget, parents before children (layout order). */
  #all: Widget[] = [];
  /** Drawing widgets (not groups), in z order. */
  #leaves: Widget[] = [];
  readonly #slotWidget: Widget[] = [];
  readonly #slotProperty: number[] = [];
  readonly #background: number;
  readonly #damage: DamageList;
  readonly #screen: Rect;
  readonly #update: Update;
  readonly #poll: { tick: number; status: KeyStatusSource | undefined };
  readonly #box: MutableRect = { x: 0, y: 0, w: 0, h: 0 };
  #zApplied: Float64Array;
  #first = true;
  #frames = 0;
  #idle = 0;
  #pixels = 0;

  constructor(options: SceneOptions) {
    this.framebuffer = new Framebuffer({
      width: options.width,
      height: options.height,
      format: options.format,
    });
    const fb = this.framebuffer;
    this.#background = fb.ink(colourOption('Scene: background', options.background ?? 0));
    this.#engine = options.engine;
    this.#poll = { tick: 0, status: options.status };
    this.#screen = { x: 0, y: 0, w: fb.width, h: fb.height };
    this.#damage = new DamageList(options.maxDamageRects ?? 8, fb.width, fb.height, fb.format === 'mono');
    this.#update = new Update(fb);
    if (!Array.isArray(options.widgets)) throw new TypeError("Scene: 'widgets' must be an array of widgets");
    this.#roots = [...options.widgets];
    const seen = new Set<Widget>();
    const visit = (w: Widget, parent: Widget | undefined, order: number): void => {
      if (seen.has(w)) throw new RangeError(`Scene: ${w.describe()} appears twice in the scene`);
      seen.add(w);
      w.parent = parent;
      w.order = order;
      w.resetValues();
      if (w.id !== undefined) {
        if (this.#byId.has(w.id)) throw new RangeError(`Scene: two widgets have the id '${w.id}'`);
        this.#byId.set(w.id, w);
        for (let i = 0; i < w.specs.length; i++) {
          const slot = this.slots.bind(w.id, (w.specs[i] as { name: string }).name);
          this.#slotWidget[slot] = w;
          this.#slotProperty[slot] = i;
        }
      }
      if (w instanceof Group) {
        for (let i = 0; i < w.children.length; i++) visit(w.children[i] as Widget, w, i);
      }
    };
    for (let i = 0; i < this.#roots.length; i++) visit(this.#roots[i] as Widget, undefined, i);
    this.#zApplied = new Float64Array(seen.size);
    this.#order();
  }

  /** The widget with this id, or undefined. */
  widget(id: string): Widget | undefined {
    return this.#byId.get(id);
  }

  get stats(): SceneStats {
    return {
      frames: this.#frames,
      idleTicks: this.#idle,
      pixelsDrawn: this.#pixels,
      damageOverflows: this.#damage.overflowMerges,
    };
  }

  /**
   * Tick `tick`: update the widgets and redraw what changed. Returns the frame for outputs, or
   * `undefined` when nothing changed (nothing is drawn). The first frame redraws the whole screen.
   */
  frame(tick: number): FrameUpdate | undefined {
    if (!this.#advance(tick) && !this.#first) {
      this.#idle++;
      return undefined;
    }
    const damage = this.#damage;
    damage.clear();
    if (this.#first) {
      this.#layout();
      damage.add(0, 0, this.framebuffer.width, this.framebuffer.height);
    } else {
      this.#layout();
    }
    const leaves = this.#leaves;
    for (let i = 0; i < leaves.length; i++) {
      const w = leaves[i] as Widget;
      const c = w.clip;
      const d = w.drawn;
      if (w.dirty || w.layoutDirty || c.x !== d.x || c.y !== d.y || c.w !== d.w || c.h !== d.h) {
        damage.add(d.x, d.y, d.w, d.h);
        damage.add(c.x, c.y, c.w, c.h);
      }
    }
    const rects = damage.rects;
    for (let i = 0; i < rects.length; i++) this.#redraw(rects[i] as Rect);
    this.#settle();
    this.#first = false;
    this.#frames++;
    const u = this.#update;
    u.tick = tick;
    u.damage = rects;
    // A tick where widgets changed but drew the same boxes still redraws; an empty list is possible
    // only when every change was off screen.
    return rects.length === 0 ? undefined : u;
  }

  /** Tick `tick` with the whole screen redrawn, whatever changed. */
  composeAll(tick: number): FrameUpdate {
    this.#advance(tick);
    this.#layout();
    this.#redraw(this.#screen);
    this.#settle();
    this.#first = false;
    this.#frames++;
    const u = this.#update;
    u.tick = tick;
    this.#damage.clear();
    this.#damage.add(0, 0, this.framebuffer.width, this.framebuffer.height);
    u.damage = this.#damage.rects;
    return u;
  }

  /** Slots, then polls; whether any widget changed. */
  #advance(tick: number): boolean {
    const engine = this.#engine;
    if (engine !== undefined && this.slots.size > 0) {
      const slots = this.slots;
      const n = engine.writeFrame(tick, slots);
      for (let i = 0; i < n; i++) {
        const slot = slots.changedSlot(i);
        const w = this.#slotWidget[slot];
        if (w === undefined) continue;
        const has = slots.has(slot);
        w.applySlot(this.#slotProperty[slot] ?? noSlot, has, has ? slots.numberOf(slot) : 0);
      }
    }
    const cx = this.#poll;
    cx.tick = tick;
    const all = this.#all;
    let changed = false;
    for (let i = 0; i < all.length; i++) {
      const w = all[i] as Widget;
      w.poll(cx as PollContext);
      if (w.dirty || w.layoutDirty) changed = true;
    }
    return changed;
  }

  /** Absolute origins and clips of every widget (parents first); re-sorts when a `z` changed. */
  #layout(): void {
    const all = this.#all;
    let reorder = false;
    for (let i = 0; i < all.length; i++) {
      if ((all[i] as Widget).values[P_Z] !== this.#zApplied[i]) reorder = true;
    }
    if (reorder) this.#order();
    const box = this.#box;
    const all2 = this.#all;
    for (let i = 0; i < all2.length; i++) {
      const w = all2[i] as Widget;
      const p = w.parent;
      const pc = p === undefined ? this.#screen : p.clip;
      w.originX = p === undefined ? 0 : p.originX + Math.round(p.values[0] as number);
      w.originY = p === undefined ? 0 : p.originY + Math.round(p.values[1] as number);
      const c = w.clip;
      if ((w.values[P_VISIBLE] as number) < 0.5 || pc.w <= 0 || pc.h <= 0) {
        c.x = 0;
        c.y = 0;
        c.w = 0;
        c.h = 0;
        continue;
      }
      if (w instanceof Group && !w.clipsChildren) {
        c.x = pc.x;
        c.y = pc.y;
        c.w = pc.w;
        c.h = pc.h;
        continue;
      }
      w.boxInto(box);
      const x0 = Math.max(pc.x, w.originX + box.x);
      const y0 = Math.max(pc.y, w.originY + box.y);
      const x1 = Math.min(pc.x + pc.w, w.originX + box.x + box.w);
      const y1 = Math.min(pc.y + pc.h, w.originY + box.y + box.h);
      c.x = x0;
      c.y = y0;
      c.w = x1 > x0 && y1 > y0 ? x1 - x0 : 0;
      c.h = x1 > x0 && y1 > y0 ? y1 - y0 : 0;
    }
  }

  /** Clear `r` to the background and redraw every widget overlapping it, in z order, clipped to it. */
  #redraw(r: Rect): void {
    const fb = this.framebuffer;
    fb.setClip(r);
    fb.fillRect(r.x, r.y, r.w, r.h, this.#background);
    this.#pixels += r.w * r.h;
    const leaves = this.#leaves;
    for (let i = 0; i < leaves.length; i++) {
      const w = leaves[i] as Widget;
      const c = w.clip;
      if (c.w <= 0 || c.h <= 0) continue;
      if (c.x >= r.x + r.w || r.x >= c.x + c.w || c.y >= r.y + r.h || r.y >= c.y + c.h) continue;
      fb.pushClip(c);
      w.render(fb);
      fb.popClip();
    }
    fb.setClip();
  }

  /** After drawing: what was drawn is where each widget is now; nothing is dirty. */
  #settle(): void {
    const all = this.#all;
    for (let i = 0; i < all.length; i++) {
      const w = all[i] as Widget;
      w.dirty = false;
      w.layoutDirty = false;
      const c = w.clip;
      const d = w.drawn;
      d.x = c.x;
      d.y = c.y;
      d.w = c.w;
      d.h = c.h;
    }
  }

  /** Layout order (parents first) and drawing order (z, then given order) of the tree. */
  #order(): void {
    const all: Widget[] = [];
    const leaves: Widget[] = [];
    const byZ = (a: Widget, b: Widget) =>
      (a.values[P_Z] as number) - (b.values[P_Z] as number) || a.order - b.order;
    const walk = (list: readonly Widget[]): void => {
      for (const w of [...list].sort(byZ)) {
        all.push(w);
        if (w instanceof Group) walk(w.children);
        else leaves.push(w);
      }
    };
    walk(this.#roots);
    this.#all = all;
    this.#leaves = leaves;
    this.#zApplied = Float64Array.from(all, (w) => w.values[P_Z] as number);
  }
}
