/**
 * The public surface as source text: the names `src/index.ts` and `src/advanced.ts` list, and the
 * declaration each resolves to. Shared by the tests that hold the surface to its rules.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's source folder. */
export const src = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'src');

/** Where a name is declared: its file, whether a TSDoc comment precedes it, and where it starts. */
export interface Declaration {
  readonly file: string;
  readonly documented: boolean;
  /** Offset of `export ...` in the file's text. */
  readonly at: number;
}

export interface Exported {
  readonly name: string;
  readonly type: boolean;
  /** The file of the `export { ... } from` that names it (a layer's index.ts). */
  readonly from: string;
}

const EXPORT_FROM = /export (type )?\{([^}]*)\} from '([^']+)';/g;

/** Names listed by an entry file (it only re-exports, by name). */
export function listed(file: string): Exported[] {
  const text = readFileSync(file, 'utf8');
  const out: Exported[] = [];
  for (const m of text.matchAll(EXPORT_FROM)) {
    const from = normalize(join(dirname(file), (m[3] ?? '').replace(/\.js$/, '.ts')));
    for (const raw of (m[2] ?? '').split(',')) {
      const item = raw.trim();
      if (item === '') continue;
      const type = m[1] !== undefined || item.startsWith('type ');
      const name =
        item
          .replace(/^type /, '')
          .split(' as ')
          .pop()
          ?.trim() ?? '';
      out.push({ name, type, from });
    }
  }
  return out;
}

/**
 * The declaration a name resolves to, following `export ... from` chains, and whether a TSDoc
 * comment (`/** ... *\/`) stands right before it (tsc copies that comment into the .d.ts).
 */
export function declaration(file: string, name: string, depth = 0): Declaration | undefined {
  if (depth > 8) return undefined;
  const text = readFileSync(file, 'utf8');
  const own = new RegExp(
    String.raw`(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*(?:\/\/[^
]*
\s*)*)?^export (?:declare )?(?:abstract )?(?:async )?(?:class|interface|type|function|const|let|enum) ${name}\b`,
    'm',
  ).exec(text);
  if (own) return { file, documented: own[1] !== undefined, at: own.index + (own[1]?.length ?? 0) };
  for (const m of text.matchAll(/export (?:type )?(\*|\{[^}]*\}) from '([^']+)';/g)) {
    const next = normalize(join(dirname(file), (m[2] ?? '').replace(/\.js$/, '.ts')));
    if (m[1] === '*') {
      const found = declaration(next, name, depth + 1);
      if (found) return found;
      continue;
    }
    for (const raw of (m[1] ?? '').slice(1, -1).split(',')) {
      const [orig, alias] = raw
        .trim()
        .replace(/^type /, '')
        .split(' as ')
        .map((s) => s.trim());
      if ((alias ?? orig) === name && orig) return declaration(next, orig, depth + 1);
    }
  }
  return undefined;
}
