/**
 * What a validated config installs on a pipeline: widgets and their scene, the follow animations that
 * bindings drive, the keyframe animations, coordination primitives and data triggers. Everything it
 * adds is remembered in an `Installed`, so a hot reload can take it all away at a tick boundary and
 * install the new config on the same pipeline (same ring buffer, same history, same data store).
 */
import {
  above,
  below,
  type ConditionSpec,
  changed,
  compileMap,
  crosses,
  hysteresis,
  inRange,
  type MapFunction,
  outside,
  type ParameterValue,
  rateOfChange,
  setParameter,
  type TriggerAction,
} from '../binding/index.js';
import {
  type ActionConfig,
  buildWidget,
  type Config,
  durationTicks,
  expressionKeys,
  parseDuration,
  type TextTemplate,
  templateKeys,
  type WidgetConfig,
} from '../config/index.js';
import {
  afterTicks,
  type CoordinationAction,
  callAction,
  firePrimitive,
  startAnimation,
  stopAnimation,
} from '../coordination/index.js';
import { Scene, type Widget } from '../render/index.js';
import type { DisplayPipeline } from './pipeline.js';

/** What one config put on a pipeline. */
export interface Installed {
  readonly scene: Scene;
  readonly templates: readonly TextTemplate[];
  /** Bindings to a text widget's `text`: the key, its map, the widget (strings are not animated). */
  readonly textBindings: readonly TextBinding[];
  readonly animations: readonly string[];
  readonly primitives: readonly string[];
  readonly bindings: readonly string[];
  readonly triggers: readonly string[];
  /** Keys bindings and triggers read (for the "never seen" report). */
  readonly keys: ReadonlySet<string>;
  /** Animations to start at the first tick after install. */
  readonly autostart: readonly string[];
}

interface TextBinding {
  readonly key: string;
  readonly map: MapFunction | undefined;
  readonly widget: TextWidget;
}
type TextWidget = Widget & { readonly text: string; setText(t: string): void };

const hex = (n: number) => `#${n.toString(16).padStart(6, '0')}`;

function collect(list: readonly WidgetConfig[], out: Map<string, WidgetConfig>): void {
  for (const w of list) {
    if (w.id !== undefined) out.set(w.id, w);
    if (w.type === 'group') collect(w.children, out);
  }
}

function conditionOf(name: string, args: readonly (number | string)[], key: string): ConditionSpec {
  const n = (i: number) => Number(args[i]);
  switch (name) {
    case 'above':
      return above(n(0), key);
    case 'below':
      return below(n(0), key);
    case 'inRange':
      return inRange(n(0), n(1), key);
    case 'outside':
      return outside(n(0), n(1), key);
    case 'crosses':
      return crosses(n(0), (args[1] as 'up' | 'down' | 'either' | undefined) ?? 'up', key);
    case 'changed':
      return changed(key);
    case 'hysteresis':
      return hysteresis(n(0), n(1), key);
    default:
      return rateOfChange(n(0), (args[1] as 'up' | 'down' | 'either' | undefined) ?? 'up', key);
  }
}

/** The follow animation a binding (or a `set` action) drives for `target.property`. */
export const followId = (target: string, property: string): string => `bind:${target}.${property}`;

/** Install `config` on `pipeline`; throws with the config path of the first part that failed. */
export function install(
  pipeline: DisplayPipeline,
  config: Config,
  options: { readonly baseDir: string },
): Installed {
  const { engine, coordination, binder, buffer, store } = pipeline;
  const fps = pipeline.fps;
  const templates: TextTemplate[] = [];
  const widgets = config.widgets.map((w) => buildWidget(w, { buffer, baseDir: options.baseDir, templates }));
  const scene = new Scene({
    width: config.display.width,
    height: config.display.height,
    format: config.display.format,
    ...(config.display.background !== undefined ? { background: config.display.background } : {}),
    widgets,
    engine,
    status: store,
  });
  const byId = new Map<string, WidgetConfig>();
  collect(config.widgets, byId);
  const keys = new Set<string>();
  for (const t of templates) for (const p of t.parts) if (typeof p !== 'string') keys.add(p.key);
  for (const t of templates) for (const p of t.parts) if (typeof p !== 'string') store.track(p.key);
  const track = (w: readonly WidgetConfig[]) => {
    for (const c of w) {
      if (c.status) store.track(c.status.key);
      if (c.type === 'group') track(c.children);
    }
  };
  track(config.widgets);

  const animations: string[] = [];
  const followers = new Set<string>();
  const textBindings: TextBinding[] = [];
  const textWidget = (target: string): TextWidget => {
    const w = scene.widget(target);
    if (w === undefined || !('setText' in w)) throw new Error(`"${target}" is not a text widget`);
    return w as TextWidget;
  };
  const follower = (target: string, property: string, initial?: ParameterValue): string => {
    const id = followId(target, property);
    if (followers.has(id)) return id;
    const w = scene.widget(target);
    if (w === undefined) throw new Error(`no widget has the id "${target}"`);
    let start: ParameterValue;
    if (initial !== undefined) start = initial;
    else {
      const spec = w.specs[w.propertyIndex(property)];
      start = spec?.kind === 'colour' ? hex(w.get(property)) : w.get(property);
    }
    engine.addAnimation({
      id,
      target,
      follow: {
        property,
        initial:
          typeof start === 'number'
            ? start
            : typeof start === 'boolean'
              ? Number(start)
              : (start as `#${string}`),
      },
    });
    followers.add(id);
    animations.push(id);
    return id;
  };

  const autostart: string[] = [];
  config.animations.forEach((a, i) => {
    try {
      engine.addAnimation({
        id: a.id,
        target: a.target,
        tracks: a.tracks as never,
        ...(a.delay !== undefined ? { delay: a.delay } : {}),
        ...(a.repeat !== undefined
          ? { repeat: a.repeat === 'infinite' ? Number.POSITIVE_INFINITY : a.repeat }
          : {}),
        ...(a.direction !== undefined ? { direction: a.direction } : {}),
        ...(a.fill !== undefined ? { fill: a.fill } : {}),
        ...(a.duration !== undefined ? { duration: a.duration } : {}),
        ...(a.speed !== undefined ? { speed: a.speed } : {}),
        ...(a.parameters !== undefined ? { parameters: a.parameters as Record<string, number> } : {}),
      });
    } catch (e) {
      throw new Error(`animations[${i}]: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    animations.push(a.id);
    if (a.autostart) autostart.push(a.id);
  });

  const coordAction = (a: ActionConfig): CoordinationAction => {
    if ('start' in a) return startAnimation(a.start);
    if ('stop' in a) return stopAnimation(a.stop);
    if ('fire' in a) {
      const after = a.after === undefined ? 0 : durationTicks(a.after, fps);
      return after > 0 ? afterTicks(after, firePrimitive(a.fire)) : firePrimitive(a.fire);
    }
    const value = a.set.value;
    if (a.set.property === 'text') {
      const w = textWidget(a.set.target);
      return callAction(() => w.setText(String(value)));
    }
    const id = follower(a.set.target, a.set.property);
    return callAction(({ tick }) => engine.updateAnimationParameter(id, 'value', value, tick));
  };
  const triggerAction = (a: ActionConfig): TriggerAction => {
    if ('set' in a && a.set.property !== 'text') {
      const id = follower(a.set.target, a.set.property);
      return a.set.transition === undefined
        ? setParameter(id, 'value', a.set.value)
        : setParameter(id, 'value', a.set.value, {
            ticks: parseDuration(a.set.transition.duration),
            easing: a.set.transition.easing,
          });
    }
    return coordAction(a);
  };

  const bindings: string[] = [];
  config.bindings.forEach((b, i) => {
    try {
      if (b.property === 'text') {
        textBindings.push({
          key: b.key,
          map: b.map === undefined ? undefined : compileMap(b.map),
          widget: textWidget(b.target),
        });
        store.track(b.key);
        keys.add(b.key);
        return;
      }
      const anim = follower(b.target, b.property, b.initial);
      const onStale =
        b.onStale === undefined || b.onStale === 'hold'
          ? undefined
          : b.onStale.kind === 'decay'
            ? { kind: 'decay' as const, value: b.onStale.value, ticks: parseDuration(b.onStale.duration) }
            : b.onStale;
      const id = binder.bindDataToAnimation(b.key, anim, 'value', b.map, {
        ...(b.id !== undefined ? { id: b.id } : { id: `${b.key}->${b.target}.${b.property}#${i}` }),
        ...(b.deadband !== undefined ? { deadband: b.deadband } : {}),
        ...(b.debounce !== undefined ? { debounce: parseDuration(b.debounce) } : {}),
        ...(b.throttle !== undefined ? { throttle: parseDuration(b.throttle) } : {}),
        ...(b.transition !== undefined
          ? { transition: { ticks: parseDuration(b.transition.duration), easing: b.transition.easing } }
          : {}),
        ...(b.staleAfter !== undefined ? { staleAfter: parseDuration(b.staleAfter) } : {}),
        ...(onStale !== undefined ? { onStale } : {}),
      });
      bindings.push(id);
      keys.add(b.key);
    } catch (e) {
      throw new Error(`bindings[${i}]: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  });

  const primitives: string[] = [];
  const c = config.coordination;
  const guard = (path: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      throw new Error(`${path}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };
  c.syncs.forEach((s, i) => {
    guard(`coordination.syncs[${i}]`, () => coordination.sync(s.id, { animations: s.animations }));
    primitives.push(s.id);
  });
  c.sequences.forEach((s, i) => {
    guard(`coordination.sequences[${i}]`, () =>
      coordination.sequence(s.id, {
        steps: s.steps.map((st) =>
          st.gap === undefined
            ? { animation: st.animation }
            : { animation: st.animation, gapTicks: durationTicks(st.gap, fps) },
        ),
      }),
    );
    primitives.push(s.id);
  });
  c.timelines.forEach((s, i) => {
    guard(`coordination.timelines[${i}]`, () =>
      coordination.timeline(s.id, {
        entries: s.entries.map((e) => ({
          at: durationTicks(e.at, fps),
          actions: e.actions.map(coordAction),
        })),
      }),
    );
    primitives.push(s.id);
  });
  const triggers: string[] = [];
  config.triggers.forEach((t, i) => {
    guard(`triggers[${i}]`, () => {
      const opts = {
        id: t.id,
        mode: t.mode,
        priority: t.priority,
        ...(t.cooldown !== undefined ? { cooldown: parseDuration(t.cooldown) } : {}),
      };
      const actions = t.actions.map(triggerAction);
      if (typeof t.when === 'string') {
        const k = expressionKeys(t.when);
        for (const key of k) keys.add(key);
        binder.addDataTrigger(k, t.when, actions, opts);
      } else {
        keys.add(t.when.key);
        binder.addDataTrigger(
          t.when.key,
          conditionOf(t.when.condition, t.when.args, t.when.key),
          actions,
          opts,
        );
      }
    });
    triggers.push(t.id);
  });
  // Barriers last: their members may be primitives defined above.
  c.barriers.forEach((s, i) => {
    guard(`coordination.barriers[${i}]`, () =>
      coordination.barrier(s.id, { members: s.members, actions: s.actions.map(coordAction) }),
    );
    primitives.push(s.id);
  });
  for (const w of byId.values()) if (w.type === 'text') for (const k of templateKeys(w.text)) keys.add(k);
  return { scene, templates, textBindings, animations, primitives, bindings, triggers, keys, autostart };
}

/** Take everything `installed` added off the pipeline (its keys stay tracked in the store). */
export function uninstall(pipeline: DisplayPipeline, installed: Installed): void {
  for (const id of installed.triggers) pipeline.binder.removeTrigger(id);
  for (const id of installed.bindings) pipeline.binder.removeBinding(id);
  for (const id of [...installed.primitives].reverse()) pipeline.coordination.remove(id);
  for (const id of installed.animations) pipeline.engine.removeAnimation(id);
}

/** Refill the text of template widgets whose keys changed; returns whether any text changed. */
export function refreshTexts(pipeline: DisplayPipeline, installed: Installed): void {
  const store = pipeline.store;
  for (const t of installed.templates) {
    let text = '';
    for (const p of t.parts) {
      if (typeof p === 'string') {
        text += p;
        continue;
      }
      const v = store.valueOf(p.key);
      if (v === undefined) text += '--';
      else if (typeof v === 'number') text += p.decimals === undefined ? String(v) : v.toFixed(p.decimals);
      else text += String(v);
    }
    if (t.widget.text !== text) t.widget.setText(text);
  }
  for (const b of installed.textBindings) {
    const v = store.valueOf(b.key);
    if (v === undefined) continue;
    let text: string;
    try {
      text = String(b.map ? b.map(v) : v);
    } catch {
      continue; // a value the map refuses leaves the text as it is (the binder counts map errors)
    }
    if (b.widget.text !== text) b.widget.setText(text);
  }
}

/**
 * Install `config` on a scratch pipeline to find what only the engine, binder and coordination check
 * (easing names, maps, keyframes, coordination members): the first problem, with its config path, or
 * undefined when it installs.
 */
export function dryInstall(
  config: Config,
  options: { readonly baseDir: string; readonly makePipeline: (fps: number) => DisplayPipeline },
): { readonly path: string; readonly message: string } | undefined {
  try {
    install(options.makePipeline(config.display.fps), config, options);
    return undefined;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    const m = /^([\w.[\]]+): (.*)$/s.exec(text);
    return m ? { path: m[1] as string, message: m[2] as string } : { path: '', message: text };
  }
}
