/**
 * Writes the JSON Schema of the config file from the zod schema: `npm run schema`.
 * `--check` exits 1 when the committed file differs (what the test checks too).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { configJsonSchema } from '../src/config.js';

const file = new URL('../schema/tinydisplay.config.schema.json', import.meta.url);
const text = `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--check')) {
  const now = readFileSync(file, 'utf8');
  if (now !== text) {
    process.stderr.write('schema/tinydisplay.config.schema.json is out of date: run npm run schema\n');
    process.exit(1);
  }
} else {
  writeFileSync(file, text);
}
