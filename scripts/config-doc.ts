/**
 * Writes `docs/config.md`, the config file reference, from the JSON Schema of the config (itself
 * generated from the zod schema): one table per section with each field's type, default and description.
 * `npm run docs:config`.
 */
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config.js';

type Node = {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Node[];
  oneOf?: Node[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
};

const root = configJsonSchema() as Node & { $defs?: Record<string, Node> };

function deref(n: Node): Node {
  if (n.$ref?.startsWith('#/$defs/')) return root.$defs?.[n.$ref.slice(8)] ?? n;
  return n;
}

function typeOf(raw: Node): string {
  const n = deref(raw);
  if (n.const !== undefined) return `\`${JSON.stringify(n.const)}\``;
  if (n.enum) return n.enum.map((e) => `\`${JSON.stringify(e)}\``).join(' \\| ');
  const alts = n.anyOf ?? n.oneOf;
  if (alts) return alts.map(typeOf).join(' \\| ');
  if (n.type === 'array') return `${n.items ? typeOf(n.items) : 'any'}[]`;
  const range =
    n.minimum !== undefined || n.maximum !== undefined ? ` (${n.minimum ?? ''}..${n.maximum ?? ''})` : '';
  return `${Array.isArray(n.type) ? n.type.join(' \\| ') : (n.type ?? 'object')}${range}`;
}

const lines: string[] = [
  '# Config file reference',
  '',
  'Generated from the config schema by `npm run docs:config`; do not edit by hand. The same schema is',
  'committed as JSON Schema in `schema/tinydisplay.config.schema.json` (point your editor at it with',
  '`$schema`). Durations carry their unit in the value: `500ms`, `2s`, `1min`, `12ticks`.',
  '',
  '`tinydisplay validate <file>` (and `run`, before anything starts) reports every error at once, each',
  'with its path and what was expected: first the shape errors of the tables below, then the errors',
  'across sections (a binding to a widget property that does not exist, an id nobody defines, a key no',
  'source provides, an expression that does not parse, a display no panel output fits), found on what',
  'parsed. An id on an item whose own shape is wrong counts as defined, so it is reported once. Exit',
  'code 1 when there is any error.',
  '',
  '`tinydisplay run` watches the file (unless `--no-watch`) and swaps a valid edit in at a tick boundary:',
  'widgets, bindings, triggers, animations, coordination and changed sources; the ring buffer and its',
  'history stay. `display.width`, `height`, `format` and `rotation` are what the outputs were opened',
  'with: an edit that changes one of them is refused in one line and the display goes on as it was;',
  'they take effect at the next start, as does `display.fps` (the rest of such an edit is swapped in).',
  '',
];

const done = new Set<Node>();

function table(title: string, n: Node, depth: number): void {
  const node = deref(n);
  const props = node.properties;
  // Recursive parts (a group's children are widgets) are described once.
  if (!props || done.has(node)) return;
  done.add(node);
  lines.push(`${'#'.repeat(Math.min(depth, 4))} ${title}`, '');
  if (node.description) lines.push(node.description, '');
  lines.push('| field | type | required | default | description |', '|---|---|---|---|---|');
  const nested: [string, Node][] = [];
  for (const [name, raw] of Object.entries(props)) {
    const p = deref(raw);
    const req = node.required?.includes(name) ? 'yes' : '';
    const def = p.default === undefined ? '' : `\`${JSON.stringify(p.default)}\``;
    lines.push(
      `| \`${name}\` | ${typeOf(p)} | ${req} | ${def} | ${(p.description ?? '').replace(/\|/g, '\\|')} |`,
    );
    const inner = p.type === 'array' && p.items ? deref(p.items) : p;
    if (inner.properties) nested.push([`${title}.${name}${p.type === 'array' ? '[]' : ''}`, inner]);
    for (const alt of inner.anyOf ?? inner.oneOf ?? []) {
      const a = deref(alt);
      const kind = a.properties?.type?.const ?? a.properties?.kind?.const;
      if (a.properties && kind !== undefined)
        nested.push([`${title}.${name}${p.type === 'array' ? '[]' : ''} (${String(kind)})`, a]);
    }
  }
  lines.push('');
  for (const [t, child] of nested) table(t, child, depth + 1);
}

table('config', root, 2);
writeFileSync(new URL('../docs/config.md', import.meta.url), `${lines.join('\n')}\n`);
