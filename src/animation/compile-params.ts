/**
 * Parameters of a keyframe animation: the declared `parameters` parsed into channels, and the fields
 * that may name one instead of holding a literal (`duration`, `speed`). Separate from the tracks because
 * tracks, duration and speed all resolve against this one table.
 */
import type { CompiledParam } from './compile.js';
import type { CompileContext } from './compile-context.js';
import { isParamRef, isRecord } from './compile-context.js';
import type { KeyframeAnimationDefinition, ParamRef } from './definition.js';
import { describe, parseValue } from './value.js';

/** The parsed parameters and their indexes by name. */
export interface ParamTable {
  readonly params: CompiledParam[];
  readonly paramIndex: Map<string, number>;
}

/** Parse `def.parameters` (absent: none) into a table. */
export function compileParams(def: KeyframeAnimationDefinition, cx: CompileContext): ParamTable {
  const params: CompiledParam[] = [];
  const paramIndex = new Map<string, number>();
  if (def.parameters !== undefined) {
    if (!isRecord(def.parameters))
      cx.fail("'parameters'", `expected an object of name -> value, received ${describe(def.parameters)}`);
    for (const [name, raw] of Object.entries(def.parameters)) {
      const parsed = parseValue(raw);
      if (typeof parsed === 'string') cx.fail(`parameter '${name}'`, `expected ${parsed}`);
      const p = parsed as Exclude<typeof parsed, string>;
      paramIndex.set(name, params.length);
      params.push({ name, kind: p.kind, arity: p.channels.length, initial: p.channels });
    }
  }
  return { params, paramIndex };
}

/** The index of the parameter `ref` names; fails at `where` listing the declared ones when unknown. */
export function paramOf(table: ParamTable, ref: ParamRef, where: string, cx: CompileContext): number {
  const idx = table.paramIndex.get(ref.param);
  if (idx === undefined) {
    const declared = table.params.length
      ? table.params.map((p) => `'${p.name}'`).join(', ')
      : '(none declared)';
    return cx.fail(where, `unknown parameter '${ref.param}'; declared parameters: ${declared}`);
  }
  return idx;
}

function numericParam(table: ParamTable, ref: ParamRef, where: string, cx: CompileContext): number {
  const idx = paramOf(table, ref, where, cx);
  if (table.params[idx]?.kind !== 'number') cx.fail(where, `parameter '${ref.param}' must be a number`);
  return idx;
}

/** A literal value, or the index of the parameter holding it (-1 for a literal). */
export interface LiteralOrParam {
  readonly value: number;
  readonly param: number;
}

/** `duration`: ticks > 0 or a number parameter with a default > 0; absent means `natural`. */
export function resolveDuration(
  def: KeyframeAnimationDefinition,
  table: ParamTable,
  natural: number,
  cx: CompileContext,
): LiteralOrParam {
  const d = def.duration;
  if (d === undefined) return { value: natural, param: -1 };
  if (isParamRef(d)) {
    const param = numericParam(table, d, "'duration'", cx);
    const v = table.params[param]?.initial[0] as number;
    if (!(v > 0)) cx.fail("'duration'", `parameter '${d.param}' default must be > 0 ticks, received ${v}`);
    return { value: natural, param };
  }
  if (typeof d !== 'number' || !Number.isFinite(d) || d <= 0) {
    cx.fail("'duration'", `expected a number of ticks > 0 or { param }, received ${describe(d)}`);
  }
  return { value: d as number, param: -1 };
}

/** `speed`: a number > 0 or a number parameter with a default > 0; absent means 1. */
export function resolveSpeed(
  def: KeyframeAnimationDefinition,
  table: ParamTable,
  cx: CompileContext,
): LiteralOrParam {
  const s = def.speed;
  if (s === undefined) return { value: 1, param: -1 };
  if (isParamRef(s)) {
    const param = numericParam(table, s, "'speed'", cx);
    const v = table.params[param]?.initial[0] as number;
    if (!(v > 0)) cx.fail("'speed'", `parameter '${s.param}' default must be > 0, received ${v}`);
    return { value: 1, param };
  }
  if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) {
    cx.fail("'speed'", `expected a number > 0 or { param }, received ${describe(s)}`);
  }
  return { value: s as number, param: -1 };
}
