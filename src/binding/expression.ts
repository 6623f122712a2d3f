/**
 * Expression conditions (`cpu > 80 && mem > 85`, `any(cpu > 80, mem > 85, disk > 90)`) in CEL, the
 * Common Expression Language: not Turing complete, no host access, no loops. Compiled once, at
 * registration, and checked then: a syntax error, an unknown key or a refused construct is an
 * `ExpressionError` carrying its position. Nothing here calls `eval` or `new Function`.
 *
 * What an expression may use: its trigger's keys (a dotted key `sensors.cpu.temp` is written as such),
 * literals, `+ - * / %`, comparisons, `in` over a list literal, `&& || ! ?:`, CEL's global functions
 * and `any(...)`/`all(...)` with 2 to 8 arguments. Refused: index access (`a["b"]`), member access on
 * anything that is not a declared key (`this.constructor`, `cpu.__proto__`), method calls, map
 * literals, and inputs longer than `maxLength` (checked before parsing).
 *
 * Numbers: data values are doubles; integer literals may be mixed with them (`cpu + 1 > 80`).
 */
import { createRequire } from 'node:module';
import type * as Cel from '@marcbachmann/cel-js';
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { isForbiddenKey } from '../data/index.js';
import type { ConditionNode, DataTriggerContext } from './conditions.js';
import { MapInputError, show } from './mapping.js';

/** Default cap on an expression's length, in characters. */
export const DEFAULT_MAX_EXPRESSION_LENGTH = 1000;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED: ReadonlySet<string> = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
  'any',
  'all',
]);
const MAX_VARIADIC = 8;

/** A refused expression: `position` is the 0-based character offset of the fault. */
export class ExpressionError extends Error {
  override readonly name = 'ExpressionError';
  constructor(
    message: string,
    readonly expression: string,
    readonly position: number,
  ) {
    super(message);
  }
}

let baseEnv: Environment | undefined;

/** One shared, frozen environment holding the functions and operators; each expression clones it. */
function base(): Environment {
  if (baseEnv) return baseEnv;
  // Loaded on the first expression, not with the package: most displays never compile one, and on a
  // Pi Zero every import costs start-up time and memory (Node >= 20.19 requires ESM synchronously).
  const cel = createRequire(import.meta.url)('@marcbachmann/cel-js') as typeof Cel;
  const env = new cel.Environment({
    limits: {
      maxAstNodes: 400,
      maxDepth: 32,
      maxListElements: 64,
      maxMapEntries: 0,
      maxCallArguments: MAX_VARIADIC,
    },
  });
  for (let n = 2; n <= MAX_VARIADIC; n++) {
    const params = Array.from({ length: n }, () => 'bool').join(', ');
    env.registerFunction(`any(${params}): bool`, (...args: boolean[]) => args.includes(true));
    env.registerFunction(`all(${params}): bool`, (...args: boolean[]) => !args.includes(false));
  }
  // Data values are doubles; CEL has no implicit int -> double, so `cpu + 1` would be an error at
  // evaluation. These overloads make literals mix with data the way users expect.
  const ops: Record<string, (a: number, b: number) => number> = {
    '+': (a, b) => a + b,
    '-': (a, b) => a - b,
    '*': (a, b) => a * b,
    '/': (a, b) => a / b,
  };
  for (const [op, f] of Object.entries(ops)) {
    env.registerOperator(`double ${op} int`, (a: number, b: bigint) => f(a, Number(b)));
    env.registerOperator(`int ${op} double`, (a: bigint, b: number) => f(Number(a), b));
  }
  baseEnv = env;
  return env;
}

function positionOf(err: unknown): number {
  const range = (err as { range?: { start?: unknown } }).range;
  return typeof range?.start === 'number' ? range.start : 0;
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0] ?? msg;
}

interface KeySlot {
  readonly key: string;
  readonly parent: Record<string, unknown>;
  readonly leaf: string;
}

/** A compiled expression bound to its own nested CEL context, refilled in place at every test. */
export class ExpressionCondition implements ConditionNode {
  constructor(
    readonly source: string,
    private readonly run: (ctx: Record<string, unknown>) => unknown,
    private readonly context: Record<string, unknown>,
    private readonly slots: readonly KeySlot[],
  ) {}

  test(ctx: DataTriggerContext): boolean {
    const values = ctx.values;
    for (const s of this.slots) s.parent[s.leaf] = values[s.key];
    return this.evaluate();
  }

  /** Evaluate on the values already in the context (used by the benchmark and by `test`). */
  evaluate(): boolean {
    const r = this.run(this.context);
    if (typeof r !== 'boolean')
      throw new MapInputError(`expression ${show(this.source)} gave ${show(r)}, not a boolean`, r);
    return r;
  }

  /** Set one key's value in the context (dotted keys included). */
  set(key: string, value: unknown): void {
    for (const s of this.slots) if (s.key === key) s.parent[s.leaf] = value;
  }
}

/**
 * Compile `source` over the variables `keys` (identifiers or dotted paths of identifiers). Throws
 * `ExpressionError` with the position for syntax errors, unknown keys and refused constructs, and
 * `TypeError` for a bad key list.
 */
export function compileExpression(
  source: string,
  keys: readonly string[],
  maxLength: number = DEFAULT_MAX_EXPRESSION_LENGTH,
): ExpressionCondition {
  if (typeof source !== 'string') throw new TypeError(`expression must be a string, got ${show(source)}`);
  if (source.length > maxLength)
    throw new ExpressionError(
      `expression is ${source.length} characters long, the limit is ${maxLength}`,
      source.slice(0, 80),
      maxLength,
    );
  const context: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const slots: KeySlot[] = [];
  const roots = new Set<string>();
  const keySet = new Set(keys);
  for (const key of keys) {
    if (isForbiddenKey(key))
      throw new TypeError(
        `expression key ${show(key)} cannot be used: a key named (or with a dotted part named) __proto__, constructor or prototype is refused with its data at ingest; give it an alias`,
      );
    const parts = key.split('.');
    for (const part of parts) {
      if (!IDENT.test(part) || RESERVED.has(part))
        throw new TypeError(
          `expression key ${show(key)} cannot be named in an expression (each dotted part must be an identifier, not a reserved word); give it an alias`,
        );
    }
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join('.');
      if (keySet.has(prefix)) throw new TypeError(`expression keys ${show(prefix)} and ${show(key)} overlap`);
    }
    roots.add(parts[0] as string);
    let parent = context;
    for (let i = 0; i < parts.length - 1; i++) {
      const part = parts[i] as string;
      let next = parent[part] as Record<string, unknown> | undefined;
      if (next === undefined) {
        next = Object.create(null) as Record<string, unknown>;
        parent[part] = next;
      }
      parent = next;
    }
    slots.push({ key, parent, leaf: parts[parts.length - 1] as string });
  }

  const env = base().clone();
  for (const root of roots) env.registerVariable(root, 'dyn');
  let run: ((ctx: Record<string, unknown>) => unknown) & { ast: ASTNode };
  try {
    run = env.parse(source) as typeof run;
  } catch (err) {
    if (err instanceof Error)
      throw new ExpressionError(
        `expression syntax error at position ${positionOf(err)}: ${firstLine(err)}`,
        source,
        positionOf(err),
      );
    throw err;
  }
  checkNode(run.ast, source, keySet);
  const checked = env.check(source);
  if (!checked.valid) {
    const pos = positionOf(checked.error);
    throw new ExpressionError(
      `expression type error at position ${pos}: ${firstLine(checked.error)}`,
      source,
      pos,
    );
  }
  if (checked.type !== 'bool' && checked.type !== 'dyn')
    throw new ExpressionError(`expression must give a bool, it gives ${checked.type}`, source, 0);
  return new ExpressionCondition(source, run, context, slots);
}

const ALLOWED_OPS: ReadonlySet<string> = new Set([
  'value',
  'call',
  'list',
  '?:',
  '||',
  '&&',
  '!_',
  '-_',
  '==',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  '+',
  '-',
  '*',
  '/',
  '%',
  'in',
]);

function refuse(source: string, node: ASTNode, what: string): never {
  throw new ExpressionError(`expression refused at position ${node.start}: ${what}`, source, node.start);
}

/** The dotted path of an `id`/`.` chain, or undefined when the chain starts on something else. */
function pathOf(node: ASTNode): string | undefined {
  if (node.op === 'id') return node.args;
  if (node.op === '.') {
    const inner = pathOf(node.args[0]);
    return inner === undefined ? undefined : `${inner}.${node.args[1]}`;
  }
  return undefined;
}

function checkNode(node: ASTNode, source: string, keys: ReadonlySet<string>): void {
  if (node.op === 'id' || node.op === '.') {
    const path = pathOf(node);
    if (path === undefined) refuse(source, node, 'member access is allowed on data keys only');
    if (!keys.has(path)) {
      throw new ExpressionError(
        `expression uses unknown key ${show(path)} at position ${node.start}; known keys: ${[...keys].join(', ')}`,
        source,
        node.start,
      );
    }
    return;
  }
  if (!ALLOWED_OPS.has(node.op))
    refuse(
      source,
      node,
      `"${node.op}" is not allowed (index access, optional access, method calls and maps are refused)`,
    );
  switch (node.op) {
    case 'value':
      return;
    case 'call':
      for (const arg of node.args[1]) checkNode(arg, source, keys);
      return;
    case 'list':
      for (const arg of node.args) checkNode(arg, source, keys);
      return;
    case '?:':
      for (const arg of node.args) checkNode(arg, source, keys);
      return;
    case '!_':
    case '-_':
      checkNode(node.args, source, keys);
      return;
    default: {
      const args = node.args as readonly ASTNode[];
      for (const arg of args) checkNode(arg, source, keys);
    }
  }
}
