/**
 * `npm run docs:config`: writes docs/config.md, the config file reference, from the committed JSON
 * Schema (schema/tinydisplay.config.schema.json, itself generated from the zod schema by
 * `npm run schema`), so the reference, the editor's completion and `tinydisplay validate` agree.
 * `--check` exits 1 when docs/config.md is out of date instead of writing it (test/docs/config-reference.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Schema = {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly prefixItems?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly oneOf?: readonly Schema[];
  readonly additionalProperties?: Schema | boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly minItems?: number;
  readonly pattern?: string;
  readonly $ref?: string;
  readonly $defs?: Readonly<Record<string, Schema>>;
  readonly definitions?: Readonly<Record<string, Schema>>;
};

const root = fileURLToPath(new URL('..', import.meta.url));
const schemaFile = `${root}schema/tinydisplay.config.schema.json`;
const outFile = `${root}docs/config.md`;
const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Schema;

function resolve(s: Schema): Schema {
  if (s.$ref === undefined) return s;
  const name = s.$ref.replace(/^#\/(\$defs|definitions)\//, '');
  const target = schema.$defs?.[name] ?? schema.definitions?.[name];
  if (target === undefined) throw new Error(`config-reference: unresolved $ref ${s.$ref}`);
  return { ...target, ...(s.description !== undefined ? { description: s.description } : {}) };
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** A short type for a table cell. */
function typeOf(input: Schema): string {
  const s = resolve(input);
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum !== undefined) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts !== undefined) return [...new Set(alts.map(typeOf))].join(' | ');
  if (s.type === 'array') {
    if (s.prefixItems !== undefined) return `[${s.prefixItems.map(typeOf).join(', ')}]`;
    return s.items === undefined ? 'array' : `${typeOf(s.items)}[]`;
  }
  if (s.type === 'object') {
    if (s.properties === undefined && typeof s.additionalProperties === 'object')
      return `{ [name]: ${typeOf(s.additionalProperties)} }`;
    return 'object';
  }
  if (s.type === 'string' && s.pattern?.includes('ticks') === true) return 'duration';
  if (s.type === undefined) return 'any';
  return typeof s.type === 'string' ? s.type : s.type.join(' | ');
}

function limits(input: Schema): string {
  const s = resolve(input);
  const parts: string[] = [];
  if (s.minimum !== undefined) parts.push(`>= ${s.minimum}`);
  if (s.exclusiveMinimum !== undefined) parts.push(`> ${s.exclusiveMinimum}`);
  if (s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER) parts.push(`<= ${s.maximum}`);
  if (s.minItems !== undefined && s.minItems > 0) parts.push(`at least ${s.minItems}`);
  return parts.join(', ');
}

/** The object a schema describes, looking through arrays. */
function objectOf(input: Schema): Schema | undefined {
  const s = resolve(input);
  if (s.type === 'array' && s.items !== undefined) return objectOf(s.items);
  if (s.properties !== undefined) return s;
  return undefined;
}

/** The variants of a union of objects, named by their discriminating constant (`type`, `kind`). */
function variantsOf(input: Schema): { name: string; schema: Schema }[] | undefined {
  let s = resolve(input);
  if (s.type === 'array' && s.items !== undefined) s = resolve(s.items);
  const alts = s.anyOf ?? s.oneOf;
  if (alts === undefined) return undefined;
  const out: { name: string; schema: Schema }[] = [];
  for (const alt of alts.map(resolve)) {
    if (alt.properties === undefined) continue;
    const tag = Object.entries(alt.properties).find(([, p]) => {
      const r = resolve(p);
      return r.const !== undefined || (r.enum !== undefined && r.enum.length <= 3);
    });
    if (tag === undefined) continue;
    const r = resolve(tag[1]);
    const value = r.const !== undefined ? [r.const] : (r.enum ?? []);
    out.push({ name: `${tag[0]}: ${value.map((v) => String(v)).join(' | ')}`, schema: alt });
  }
  return out.length > 0 ? out : undefined;
}

function table(obj: Schema): string[] {
  const required = new Set(obj.required ?? []);
  const lines = ['| Field | Type | Required | Default | Description |', '| --- | --- | --- | --- | --- |'];
  for (const [name, prop] of Object.entries(obj.properties ?? {})) {
    if (name === '$schema') continue;
    const s = resolve(prop);
    const limit = limits(s);
    const def = s.default === undefined ? '' : `\`${JSON.stringify(s.default)}\``;
    const desc = [s.description ?? '', limit === '' ? '' : `(${limit})`].filter((x) => x !== '').join(' ');
    lines.push(
      `| \`${name}\` | ${cell(typeOf(s))} | ${required.has(name) ? 'yes' : ''} | ${cell(def)} | ${cell(desc)} |`,
    );
  }
  return lines;
}

const out: string[] = [
  '# Config file reference',
  '',
  '<!-- Generated by `npm run docs:config` from schema/tinydisplay.config.schema.json: do not edit by hand. -->',
  '',
  'A config is a YAML or JSON file, checked by `tinydisplay validate` (every error with its path) and',
  'by editors through the JSON Schema (`# yaml-language-server: $schema=schema/tinydisplay.config.schema.json`',
  'at the top of a YAML file, or `"$schema"` in JSON). Durations carry their unit in the value: `500ms`,',
  '`2s`, `1min`, `12ticks`. Working configs: [examples/](../examples/). What the sections mean:',
  '[concepts.md](concepts.md).',
  '',
];
if (schema.description !== undefined) out.push(schema.description, '');
out.push(...table(schema), '');

const seen = new Set<string>();
function section(title: string, prop: Schema, depth: number): void {
  const s = resolve(prop);
  const heading = '#'.repeat(Math.min(depth, 4));
  const variants = variantsOf(s);
  const obj = objectOf(s);
  if (variants === undefined && obj === undefined) return;
  if (seen.has(title)) return;
  seen.add(title);
  out.push(`${heading} \`${title}\``, '');
  if (s.description !== undefined) out.push(s.description, '');
  if (variants !== undefined) {
    for (const v of variants) {
      out.push(`${heading}# \`${title}\` with \`${v.name}\``, '');
      if (v.schema.description !== undefined) out.push(v.schema.description, '');
      out.push(...table(v.schema), '');
      for (const [name, p] of Object.entries(v.schema.properties ?? {})) {
        if (name !== 'children') section(`${title}.${name}`, p, depth + 2);
      }
    }
    return;
  }
  if (obj !== undefined) {
    out.push(...table(obj), '');
    for (const [name, p] of Object.entries(obj.properties ?? {})) section(`${title}.${name}`, p, depth + 1);
  }
}
for (const [name, prop] of Object.entries(schema.properties ?? {})) {
  if (name !== '$schema') section(name, prop, 2);
}

const text = `${out
  .join('\n')
  .replace(/\n{3,}/g, '\n\n')
  .trimEnd()}\n`;
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(outFile, 'utf8');
  } catch {}
  if (current !== text) {
    process.stderr.write('docs/config.md is out of date: run npm run docs:config\n');
    process.exit(1);
  }
} else {
  writeFileSync(outFile, text);
  process.stderr.write(`wrote docs/config.md (${out.length} lines)\n`);
}
