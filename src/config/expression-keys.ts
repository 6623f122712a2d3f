/**
 * The data keys a trigger's CEL expression reads, found without compiling it: validation checks them
 * against the keys the sources give, and the runtime subscribes its triggers to them.
 */

const CEL_WORDS = new Set([
  'true',
  'false',
  'null',
  'in',
  'any',
  'all',
  'size',
  'int',
  'double',
  'string',
  'has',
]);

/** The data keys a CEL expression names (dotted identifiers outside string literals). */
export function expressionKeys(expr: string): string[] {
  const noStrings = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const keys = new Set<string>();
  for (const m of noStrings.matchAll(/(?<![\w.])[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*/g)) {
    const after = noStrings.slice(m.index + m[0].length).trimStart();
    if (!CEL_WORDS.has(m[0]) && !after.startsWith('(')) keys.add(m[0]);
  }
  return [...keys];
}
