/**
 * Firing a trigger: its actions in order (an action that throws is counted and reported, the rest
 * still run), and the chained firings it queues (`fireTrigger`), run when due. A 0-tick link that
 * re-enters its own cascade is refused as a cycle; a cascade deeper than `maxCascadeDepth` and a
 * full queue drop the firing; all three are counted and reported.
 */

import { ChainCycleError, ChainQueue } from './chains.js';
import type { BinderAnimationHost, BinderCoordinationHost } from './hosts.js';
import { show } from './mapping.js';
import { TickRate } from './rate.js';
import type { ErrorReporter } from './report.js';
import type { ResolvedAction, TriggerRuntime } from './trigger.js';

/** What the firer needs of the binder. */
export interface FiringContext {
  readonly fps: number;
  readonly animation: BinderAnimationHost;
  readonly coordination: BinderCoordinationHost | undefined;
  readonly reporter: ErrorReporter;
  /** The binder's triggers by id (a chained firing aimed at a removed trigger is an error). */
  readonly triggerById: ReadonlyMap<string, TriggerRuntime>;
  readonly maxPendingChains: number;
  readonly maxCascadeDepth: number;
  readonly onTriggerFired: ((triggerId: string, tick: number) => void) | undefined;
}

export class TriggerFirer {
  /** Firings, in total and per second of ticks. */
  readonly rate: TickRate;
  readonly chains: ChainQueue;
  readonly counters = {
    chainOverflow: 0,
    cascadeErrors: 0,
    chainCycles: 0,
  };
  private readonly animation: BinderAnimationHost;
  private readonly coordination: BinderCoordinationHost | undefined;
  private readonly reporter: ErrorReporter;
  private readonly triggerById: ReadonlyMap<string, TriggerRuntime>;
  private readonly maxPendingChains: number;
  private readonly maxCascadeDepth: number;
  private readonly onTriggerFired: ((triggerId: string, tick: number) => void) | undefined;

  constructor(ctx: FiringContext) {
    this.rate = new TickRate(ctx.fps);
    this.chains = new ChainQueue(ctx.maxPendingChains);
    this.animation = ctx.animation;
    this.coordination = ctx.coordination;
    this.reporter = ctx.reporter;
    this.triggerById = ctx.triggerById;
    this.maxPendingChains = ctx.maxPendingChains;
    this.maxCascadeDepth = ctx.maxCascadeDepth;
    this.onTriggerFired = ctx.onTriggerFired;
  }

  /**
   * Run `t`'s actions. `path`: the 0-tick cascade that led here, ending with `t.id` (undefined when
   * `t` starts a cascade: its condition fired, or a delayed link came due).
   */
  fire(t: TriggerRuntime, tick: number, depth: number, path?: readonly string[]): void {
    t.lastFireTick = tick;
    t.counters.firings++;
    this.rate.add(tick);
    for (const a of t.actions) {
      try {
        this.runAction(t, a, tick, depth, path);
      } catch (err) {
        t.counters.errors++;
        this.reporter.report(`trigger:${t.id}`, 'action', t.keyLabel, t.ctx.value, tick, err);
      }
    }
    this.onTriggerFired?.(t.id, tick);
  }

  private runAction(
    t: TriggerRuntime,
    a: ResolvedAction,
    tick: number,
    depth: number,
    path: readonly string[] | undefined,
  ): void {
    switch (a.kind) {
      case 'startAnimation':
        this.animation.startAnimationAt(a.animationId, tick + a.delay);
        return;
      case 'firePrimitive': {
        const p = this.coordination?.getCoordinationPrimitive(a.primitiveId);
        if (!p) throw new Error(`no coordination primitive ${show(a.primitiveId)}`);
        p.triggerAt(tick);
        return;
      }
      case 'setParameter':
        if (a.transition)
          this.animation.updateAnimationParameter(a.animationId, a.parameter, a.value, tick, a.transition);
        else this.animation.updateAnimationParameter(a.animationId, a.parameter, a.value, tick);
        return;
      case 'fireTrigger':
        this.enqueueChain(t, a.triggerId, tick, a.after, depth + 1, path);
        return;
      case 'call':
        a.fn(t.ctx);
        return;
    }
  }

  private enqueueChain(
    from: TriggerRuntime,
    triggerId: string,
    tick: number,
    after: number,
    depth: number,
    path: readonly string[] | undefined,
  ): void {
    let next: readonly string[] | undefined;
    if (after === 0) {
      // A 0-tick link back into its own cascade would run the same actions again in this tick, up to
      // maxCascadeDepth times: refuse it before it is queued. Paths are short (<= maxCascadeDepth).
      const cascade = path ?? [from.id];
      next = [...cascade, triggerId];
      if (cascade.includes(triggerId)) {
        this.counters.chainCycles++;
        this.reporter.report(
          `trigger:${from.id}`,
          'cascade',
          from.keyLabel,
          from.ctx.value,
          tick,
          new ChainCycleError(
            `chain cycle ${next.join(' -> ')}: a 0-tick fireTrigger re-enters ${show(triggerId)} in the tick it fired; refused`,
            next,
          ),
        );
        return;
      }
    }
    if (depth > this.maxCascadeDepth) {
      this.counters.cascadeErrors++;
      this.reporter.report(
        `trigger:${triggerId}`,
        'cascade',
        from.keyLabel,
        from.ctx.value,
        tick,
        new Error(
          `chain ${show(from.id)} -> ${show(triggerId)} is deeper than maxCascadeDepth ${this.maxCascadeDepth} (depth ${depth}); dropped`,
        ),
      );
      return;
    }
    if (!this.chains.push(tick + after, triggerId, depth, from.id, next)) {
      this.counters.chainOverflow++;
      this.reporter.report(
        `trigger:${from.id}`,
        'queue',
        from.keyLabel,
        triggerId,
        tick,
        new Error(
          `chain queue full (maxPendingChains ${this.maxPendingChains}); firing of ${show(triggerId)} dropped`,
        ),
      );
    }
  }

  /** Run the chained firings due at `tick`. */
  runChains(tick: number): void {
    // Entries added while running (after: 0) land in this same loop; cycle checks and depth bound it.
    for (let e = this.chains.shiftDue(tick); e !== undefined; e = this.chains.shiftDue(tick)) {
      const t = this.triggerById.get(e.triggerId);
      if (!t) {
        const from = this.triggerById.get(e.from);
        if (from) from.counters.errors++;
        this.reporter.report(
          `trigger:${e.from}`,
          'action',
          e.from,
          e.triggerId,
          tick,
          new Error(`fireTrigger: no trigger ${show(e.triggerId)}`),
        );
        continue;
      }
      if (t.coolingDown(tick)) {
        t.counters.suppressedByCooldown++;
        continue;
      }
      this.fire(t, tick, e.depth, e.path);
    }
  }
}
