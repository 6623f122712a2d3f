/**
 * One animation's commands, kept sorted by tick and bounded, with the folds `frameAt` needs cached:
 * the state after every command (frames of the present) and the last prefix folded (frames stepping
 * towards a command set for a later tick).
 */
import type { CompiledAnimation } from './compile.js';
import { applyCommand, type Command, finishTick, initialState, type RunState } from './run-state.js';

export class AnimationHistory {
  private cmds: Command[] = [];
  /** State before `cmds[0]`: the initial state, or the fold of the commands the bound dropped. */
  private baseState: RunState;
  private droppedCount = 0;
  /** State after every command; undefined when it must be folded again. */
  private latest: RunState | undefined;
  /** State after the first `prefixCount` commands; -1 when none is cached. */
  private prefixCount = -1;
  private prefixState: RunState;

  constructor(readonly def: CompiledAnimation) {
    this.baseState = initialState(def);
    this.prefixState = this.baseState;
  }

  /** The kept commands, in tick order (read only). */
  get commands(): readonly Command[] {
    return this.cmds;
  }

  get base(): RunState {
    return this.baseState;
  }

  /** Commands folded into the base by the bound. */
  get dropped(): number {
    return this.droppedCount;
  }

  /** Replace everything (restore). */
  reset(commands: Command[], base: RunState | undefined, dropped: number): void {
    this.cmds = commands;
    if (base !== undefined) this.baseState = base;
    this.droppedCount = dropped;
    this.latest = undefined;
    this.prefixCount = -1;
  }

  /**
   * Insert `cmd` after every command at a tick <= its tick; then drop the oldest while more than `max`
   * are kept. Returns how many were dropped.
   */
  insert(cmd: Command, max: number): number {
    const cmds = this.cmds;
    const last = cmds[cmds.length - 1];
    if (last === undefined || last.tick <= cmd.tick) {
      cmds.push(cmd);
      // Appending keeps the cached latest state valid: fold the one new command onto it.
      if (this.latest !== undefined) {
        try {
          this.latest = applyCommand(this.def, this.latest, cmd);
        } catch (error) {
          // A custom easing threw while folding: the command stays; fold again when asked.
          this.latest = undefined;
          throw error;
        }
      }
    } else {
      const at = this.countUpTo(cmd.tick);
      cmds.splice(at, 0, cmd);
      this.latest = undefined;
      if (at < this.prefixCount) this.prefixCount = -1;
    }
    let dropped = 0;
    while (cmds.length > max) {
      this.baseState = applyCommand(this.def, this.baseState, cmds.shift() as Command);
      // The cached prefix now starts one command later; the state it holds is unchanged.
      this.prefixCount = this.prefixCount > 0 ? this.prefixCount - 1 : -1;
      this.droppedCount++;
      dropped++;
    }
    return dropped;
  }

  /** State after every command given so far. */
  latestState(): RunState {
    if (this.latest === undefined) {
      let s = this.baseState;
      for (const c of this.cmds) s = applyCommand(this.def, s, c);
      this.latest = s;
    }
    return this.latest;
  }

  /** State after the commands at ticks <= `tick`. */
  stateAt(tick: number): RunState {
    const cmds = this.cmds;
    const n = cmds.length;
    if (n === 0) return this.baseState;
    if (tick >= (cmds[n - 1] as Command).tick) return this.latestState();
    const k = this.countUpTo(tick);
    let i = 0;
    let s = this.baseState;
    if (this.prefixCount >= 0 && this.prefixCount <= k) {
      i = this.prefixCount;
      s = this.prefixState;
    }
    for (; i < k; i++) s = applyCommand(this.def, s, cmds[i] as Command);
    this.prefixCount = k;
    this.prefixState = s;
    return s;
  }

  /** Whether a start command is kept at a tick after `tick`. */
  hasStartAfter(tick: number): boolean {
    const cmds = this.cmds;
    for (let i = cmds.length - 1; i >= 0 && (cmds[i] as Command).tick > tick; i--) {
      if ((cmds[i] as Command).kind === 'start') return true;
    }
    return false;
  }

  /** Whether the animation ever plays: a start command kept, or a base that left `defined`. */
  everStarted(): boolean {
    return this.baseState.phase !== 'defined' || this.cmds.some((c) => c.kind === 'start');
  }

  /**
   * The first tick from which the animation writes nothing whatever the tick (its last command is
   * behind it and it is stopped, or ended with fill `none`); `Infinity` when it may write again.
   */
  silentFrom(): number {
    const last = this.cmds[this.cmds.length - 1];
    const s = this.latestState();
    const after = last === undefined ? Number.NEGATIVE_INFINITY : last.tick;
    if (s.phase === 'stopped' || s.phase === 'defined') return after;
    if (s.phase === 'playing' && this.def.type === 'keyframes' && this.def.fill === 'none') {
      return Math.max(after, finishTick(this.def, s));
    }
    return Number.POSITIVE_INFINITY;
  }

  /** Number of commands at ticks <= `tick`. */
  private countUpTo(tick: number): number {
    const cmds = this.cmds;
    let lo = 0;
    let hi = cmds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cmds[mid] as Command).tick <= tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
