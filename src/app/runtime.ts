/**
 * `DisplayRuntime`: a validated config running live. Sources feed the pipeline's ring buffer; each tick
 * the pipeline runs bindings, triggers, coordination and the engine; then the scene draws what changed
 * and only then are outputs written. One clock (the pipeline's `TickClock`, its `now` and scheduler
 * injectable) paces everything.
 *
 * Failures: a source that drops is the supervisor's to heal (reported by it); a source that failed for
 * good (`failed`, after its `retries`) or a file source whose file is missing ends the run with
 * `result.code` 1 and a message naming the source. An output whose write fails is counted by the output
 * and the rest goes on. `stop()` ends the run cleanly: sources stopped (sockets closed), outputs closed
 * (GIF and recordings flushed), panels with `clearOnExit` cleared first.
 *
 * Hot reload: `reload(config)` installs a new validated config at the next tick boundary (after the
 * frame of tick N, before tick N+1): widgets, bindings, triggers, animations and coordination are
 * replaced; the ring buffer, its history, the key store and the sources whose settings did not change
 * stay as they are. The display's size, format and rotation are what the outputs were opened with:
 * a reload that changes one of them is refused (said in one line) and the running config goes on;
 * they take effect at the next start. A changed `fps` is accepted but the run keeps its tick rate.
 */
import { existsSync } from 'node:fs';
import { formatReport } from '../binding/index.js';
import type { TickScheduler } from '../clock/index.js';
import type { Config, SourceConfig } from '../config/index.js';
import type { RecordedEntry } from '../data/index.js';
import { DataLayerMonitor } from '../data/index.js';
import { FrameRotation, type FrameUpdate, type Output } from '../outputs/index.js';
import { Framebuffer } from '../render/index.js';
import { type Source, SourceGroup, type SourceSupervisor } from '../sources/index.js';
import { redactUrlPassword } from '../util/index.js';
import { type Installed, install, refreshTexts, uninstall } from './display-spec.js';
import { DisplayPipeline } from './pipeline.js';
import type { ReplayResult } from './replay.js';

/** How a run ended: `stopped` (asked), `failed` (a part that cannot heal), `ended` (asked by `maxFrames`). */
export interface RunResult {
  readonly reason: 'stopped' | 'failed' | 'ended';
  /** Exit code: 0 unless failed (1). */
  readonly code: 0 | 1;
  readonly message?: string;
}

export type RuntimeState = 'idle' | 'running' | 'stopping' | 'stopped';

/**
 * Options of a `DisplayRuntime`: the validated config, how a source entry becomes a `Source`, the
 * outputs, the base folder of relative paths, and where log lines go.
 */
export interface DisplayRuntimeOptions {
  readonly config: Config;
  /** Turns a source entry into a `Source` (the CLI gives its source-spec parser). */
  readonly createSource: (source: SourceConfig) => Source;
  /** Outputs for this config (the CLI builds them from `config.outputs`, or replaces them). */
  readonly outputs: readonly Output[];
  /** Where the config's relative paths start. */
  readonly baseDir: string;
  /** A line for the user (stderr). */
  readonly log: (line: string) => void;
  readonly now?: () => number;
  readonly scheduler?: TickScheduler;
  /** Outputs whose panel is cleared before closing (`clearOnExit`). */
  readonly clearOnExit?: readonly Output[];
  /** End the run (`ended`) once this many frames were written. Default never. */
  readonly maxFrames?: number;
  /** Called after each frame was handed to the outputs, with the scene's framebuffer (before rotation). */
  readonly onFrame?: (tick: number, framebuffer: Framebuffer) => void;
  /** A source's file (`file:PATH`), to check before starting; undefined for other sources. */
  readonly sourceFile?: (source: SourceConfig) => string | undefined;
}

interface RunningSource {
  readonly json: string;
  readonly supervisor: SourceSupervisor;
}

/**
 * A validated config running live: sources feed the pipeline, each tick runs bindings, triggers
 * and the engine, the scene draws and the outputs are written; `reload` swaps configs.
 */
export class DisplayRuntime {
  readonly pipeline: DisplayPipeline;
  readonly monitor = new DataLayerMonitor();
  #config: Config;
  #installed: Installed;
  #pending: Config | undefined;
  readonly #options: DisplayRuntimeOptions;
  readonly #sources = new Map<string, RunningSource>();
  #group: SourceGroup;
  #state: RuntimeState = 'idle';
  #frames = 0;
  /** The writes of the last frame, while some output is still taking it. */
  #busy: Promise<void> | undefined;
  #skipped = 0;
  #resolve: ((r: RunResult) => void) | undefined;
  readonly #done: Promise<RunResult>;
  #result: RunResult | undefined;
  readonly #warnedKeys = new Set<string>();
  #autostartDue = true;
  /** Frames composed but not sent because they could not be turned to the panel's orientation. */
  #unturned = 0;
  /** Turns the scene's frames to the panel's orientation (`display.rotation`), fixed at start like the size. */
  readonly #rotation: FrameRotation;
  /** Ticks not composed because an output was still taking the previous frame (their changes go out with the next). */
  get busyTicks(): number {
    return this.#skipped;
  }

  /** Frames composed but not sent: they could not be turned to the panel's orientation (said once). */
  get unsentFrames(): number {
    return this.#unturned;
  }

  /** Frames handed to outputs. */
  get frames(): number {
    return this.#frames;
  }

  constructor(options: DisplayRuntimeOptions) {
    this.#options = options;
    this.#config = options.config;
    const c = options.config;
    this.pipeline = new DisplayPipeline({
      fps: c.display.fps,
      ...(options.now ? { now: options.now } : {}),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
      buffer: {
        ...(c.buffer.capacity !== undefined ? { capacity: c.buffer.capacity } : {}),
        ...(c.buffer.maxBytes !== undefined ? { maxBytes: c.buffer.maxBytes } : {}),
      },
      monitor: this.monitor,
      binder: { onError: (r) => options.log(`tinydisplay: ${formatReport(r)}`) },
      onTick: (r) => this.#afterTick(r.tick),
    });
    this.#installed = install(this.pipeline, c, { baseDir: options.baseDir });
    const d = c.display;
    this.#rotation = new FrameRotation(
      { width: d.width, height: d.height, format: d.format, fps: d.fps },
      d.rotation,
    );
    this.#group = this.#newGroup();
    this.#done = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  get state(): RuntimeState {
    return this.#state;
  }

  get config(): Config {
    return this.#config;
  }

  /** The scene now on screen (replaced by a reload). */
  get scene(): Installed['scene'] {
    return this.#installed.scene;
  }

  /** Resolves once the run ended (stopped, failed or ended). */
  get result(): Promise<RunResult> {
    return this.#done;
  }

  #newGroup(): SourceGroup {
    return new SourceGroup({
      sink: this.pipeline.buffer,
      onError: (r) =>
        this.#options.log(
          `tinydisplay: source ${r.sourceId}: ${r.message}${r.suppressed > 0 ? ` (${r.suppressed} more not shown)` : ''}`,
        ),
    });
  }

  #addSource(s: SourceConfig): void {
    const file = this.#options.sourceFile?.(s);
    if (file !== undefined && !existsSync(file)) {
      this.#fail(`source ${s.id}: file ${JSON.stringify(file)} does not exist`);
      return;
    }
    const source = this.#options.createSource(s);
    const supervisor = this.#group.add(source, {
      backoff: { maxAttempts: s.retries ?? Number.POSITIVE_INFINITY },
    });
    supervisor.on('state', (e) => {
      if (e.to === 'failed')
        this.#fail(
          `source ${s.id} (${redactUrlPassword(s.url)}) failed for good after ${s.retries ?? 0} retries`,
        );
    });
    this.#sources.set(s.id, { json: JSON.stringify(s), supervisor });
    if (this.#state === 'running') supervisor.start();
  }

  /** Open the outputs, start the sources and the tick loop. */
  async start(): Promise<void> {
    if (this.#state !== 'idle') throw new Error(`DisplayRuntime.start: already ${this.#state}`);
    for (const o of this.#options.outputs) await o.open(this.#rotation.native);
    this.#state = 'running';
    for (const s of this.#config.sources) {
      if (this.#result !== undefined) break;
      this.#addSource(s);
    }
    if (this.#result !== undefined) return;
    for (const r of this.#sources.values()) r.supervisor.start();
    this.pipeline.start();
  }

  /**
   * Render a recording instead of live sources: open the outputs, feed the recording's points to the
   * pipeline at the ticks their stamps give (`replayFast`), hand every changed frame to the outputs,
   * close them. The same recording and config give the same frames, byte for byte.
   * `onProgress(done, total)` is called every `progressEvery` ticks.
   */
  async replay(
    entries: readonly RecordedEntry[],
    options: {
      readonly fromTick?: number;
      readonly untilTick?: number;
      readonly onProgress?: (done: number, total: number) => void;
    } = {},
  ): Promise<ReplayResult> {
    if (this.#state !== 'idle') throw new Error(`DisplayRuntime.replay: already ${this.#state}`);
    for (const o of this.#options.outputs) await o.open(this.#rotation.native);
    this.#state = 'running';
    const fps = this.pipeline.fps;
    const last = entries.length > 0 ? (entries[entries.length - 1] as RecordedEntry).t : 0;
    const endTick = options.untilTick ?? this.pipeline.clock.tickForArrival(last);
    const startTick = options.fromTick ?? 0;
    const total = Math.max(1, endTick - startTick + 1);
    // One tick at a time, waiting for outputs that write asynchronously: every frame goes out. The
    // points of tick N are those stamped in (timeOfTick(N-1), timeOfTick(N)], as `replayFast` feeds them.
    const every = Math.max(1, Math.round(fps));
    const buffer = this.pipeline.buffer;
    const clock = this.pipeline.clock;
    let ticks = 0;
    let consumed = 0;
    for (let tick = startTick; tick <= endTick; tick++) {
      const boundary = clock.timeOfTick(tick);
      for (; consumed < entries.length && (entries[consumed] as RecordedEntry).t <= boundary; consumed++) {
        const e = entries[consumed] as RecordedEntry;
        if ('marker' in e) buffer.addMarker(e.src, e.marker, { arrivalTime: e.t });
        else buffer.addDataPoint(e.data, e.src, { arrivalTime: e.t });
      }
      this.pipeline.step(tick, boundary);
      ticks++;
      if (this.#busy !== undefined) await this.#busy;
      if (ticks % every === 0 || tick === endTick) options.onProgress?.(ticks, total);
    }
    const result: ReplayResult = { entries: consumed, ticks, lastTick: endTick };
    await this.stop();
    return result;
  }

  /** Install `config` at the next tick boundary (it must have passed `validateConfig`). */
  reload(config: Config): void {
    this.#pending = config;
    if (this.#state === 'idle') this.#swap();
  }

  #swap(): void {
    const next = this.#pending;
    if (next === undefined) return;
    this.#pending = undefined;
    const changed = this.#geometryChanges(next);
    if (changed.length > 0) {
      this.#options.log(
        `tinydisplay: reload refused: ${changed.join(', ')}; the display's size, format and rotation take effect at the next start`,
      );
      return;
    }
    const old = this.#installed;
    uninstall(this.pipeline, old);
    try {
      this.#installed = install(this.pipeline, next, { baseDir: this.#options.baseDir });
    } catch (e) {
      // Validation passed but installing failed: put the old config back and say why.
      uninstall(this.pipeline, this.#installed === old ? old : this.#installed);
      this.#installed = install(this.pipeline, this.#config, { baseDir: this.#options.baseDir });
      this.#options.log(`tinydisplay: reload refused: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    const before = this.#config;
    this.#config = next;
    this.#autostartDue = true;
    // Sources: keep the unchanged ones, stop the removed or changed, add the new.
    const wanted = new Map(next.sources.map((s) => [s.id, s] as const));
    for (const [id, r] of this.#sources) {
      const s = wanted.get(id);
      if (s === undefined || JSON.stringify(s) !== r.json) {
        void r.supervisor.stop();
        this.#sources.delete(id);
      }
    }
    const fresh = next.sources.filter((s) => !this.#sources.has(s.id));
    if (fresh.length > 0) {
      // A group refuses an id it already holds: new and changed sources go into a new group.
      this.#group = this.#newGroup();
      for (const s of fresh) this.#addSource(s);
    }
    if (before.display.fps !== next.display.fps)
      this.#options.log(
        `tinydisplay: display.fps changed from ${before.display.fps} to ${next.display.fps}: it takes effect at the next start, the display goes on at ${this.pipeline.fps}`,
      );
    this.#options.log('tinydisplay: config reloaded');
  }

  /** What differs between the geometry the outputs were opened with and `next`'s ("display.width changed from 128 to 64"). */
  #geometryChanges(next: Config): string[] {
    const { width, height, format } = this.#rotation.logical;
    const now = { width, height, format, rotation: this.#rotation.rotation };
    const out: string[] = [];
    for (const k of ['width', 'height', 'format', 'rotation'] as const)
      if (now[k] !== next.display[k]) out.push(`display.${k} changed from ${now[k]} to ${next.display[k]}`);
    return out;
  }

  #afterTick(tick: number): void {
    const inst = this.#installed;
    if (this.#autostartDue) {
      this.#autostartDue = false;
      for (const id of inst.autostart) this.pipeline.engine.startAnimationAt(id, tick + 1);
    }
    refreshTexts(this.pipeline, inst);
    // An output still taking the previous frame: compose nothing now; the widgets stay dirty, so the
    // next composed frame carries every change since (the framebuffer is the scene's, redrawn in place).
    const composed = this.#busy === undefined ? inst.scene.frame(tick) : undefined;
    if (this.#busy !== undefined) this.#skipped++;
    const update = composed !== undefined && composed.damage.length > 0 ? this.#turn(composed) : undefined;
    if (composed !== undefined && update !== undefined) {
      const pending: Promise<void>[] = [];
      for (const o of this.#options.outputs) {
        try {
          const r = o.write(update);
          if (r instanceof Promise) pending.push(r);
        } catch (e) {
          this.#options.log(`tinydisplay: output ${o.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      if (pending.length > 0)
        this.#busy = Promise.all(pending).then(
          () => {
            this.#busy = undefined;
          },
          (e: unknown) => {
            this.#busy = undefined;
            this.#options.log(`tinydisplay: output: ${e instanceof Error ? e.message : String(e)}`);
          },
        );
      this.#frames++;
      this.#options.onFrame?.(tick, composed.framebuffer);
      if (this.#options.maxFrames !== undefined && this.#frames >= this.#options.maxFrames)
        this.#end({ reason: 'ended', code: 0 });
    }
    if (tick % Math.max(1, Math.round(this.pipeline.fps * 3)) === 0) this.#checkUnseenKeys();
    if (this.#pending !== undefined) this.#swap();
  }

  /**
   * The frame in the panel's orientation; undefined when it cannot be turned (not sent, counted in
   * `unsentFrames`, said once: a frame every tick must not become a log line every tick).
   */
  #turn(composed: FrameUpdate): FrameUpdate | undefined {
    try {
      return this.#rotation.apply(composed);
    } catch (e) {
      if (this.#unturned++ === 0)
        this.#options.log(
          `tinydisplay: ${e instanceof Error ? e.message : String(e)}; frames that cannot be turned are not sent (said once)`,
        );
      return undefined;
    }
  }

  /** Once per key: a key bindings or triggers read that no live source has produced. */
  #checkUnseenKeys(): void {
    const live = [...this.#sources.entries()].filter(([, r]) => r.supervisor.state === 'live');
    if (live.length === 0 || this.pipeline.buffer.count === 0) return;
    const seen = this.pipeline.buffer.columnsByKey;
    for (const key of this.#installed.keys) {
      if (this.#warnedKeys.has(key) || seen.has(key)) continue;
      this.#warnedKeys.add(key);
      const names = [...seen.keys()].slice(0, 20);
      this.#options.log(
        `tinydisplay: key "${key}" has never been seen while source${live.length > 1 ? 's' : ''} ${live
          .map(([id]) => id)
          .join(
            ', ',
          )} ${live.length > 1 ? 'are' : 'is'} live; keys seen: ${names.join(', ') || 'none'}${seen.size > 20 ? ', ...' : ''}`,
      );
    }
  }

  #fail(message: string): void {
    this.#options.log(`tinydisplay: ${message}`);
    this.#end({ reason: 'failed', code: 1, message });
  }

  #end(result: RunResult): void {
    if (this.#result !== undefined) return;
    this.#result = result;
    void this.stop();
  }

  /** Stop the tick loop and the sources, clear panels that asked, close the outputs. Idempotent. */
  async stop(): Promise<void> {
    if (this.#state === 'stopping' || this.#state === 'stopped') return this.#done.then(() => undefined);
    this.#state = 'stopping';
    const say = (what: string, e: unknown) =>
      this.#options.log(`tinydisplay: ${what}: ${e instanceof Error ? e.message : String(e)}`);
    // Each step on its own: a failing part is said, the rest still runs and `result` resolves.
    try {
      this.pipeline.stop();
    } catch (e) {
      say('stop', e);
    }
    await Promise.all(
      [...this.#sources.entries()].map(([id, r]) =>
        Promise.resolve()
          .then(() => r.supervisor.stop())
          .catch((e: unknown) => say(`source ${id}: stop failed`, e)),
      ),
    );
    if (this.#busy !== undefined) await this.#busy.catch(() => undefined);
    const clear = this.#options.clearOnExit ?? [];
    if (clear.length > 0) {
      // A cleared frame of the size the outputs were opened with, built here: nothing that can refuse it.
      const { width, height, format } = this.#rotation.native;
      const update: FrameUpdate = {
        tick: this.pipeline.currentTick + 1,
        framebuffer: new Framebuffer({ width, height, format }),
        damage: [{ x: 0, y: 0, w: width, h: height }],
      };
      for (const o of clear) {
        try {
          await o.write(update);
        } catch (e) {
          say(`output ${o.name}: clear on exit failed`, e);
        }
      }
    }
    for (const o of this.#options.outputs) {
      try {
        await o.close();
      } catch (e) {
        say(`output ${o.name}: close failed`, e);
      }
    }
    this.#state = 'stopped';
    this.#result ??= { reason: 'stopped', code: 0 };
    this.#resolve?.(this.#result);
  }
}
