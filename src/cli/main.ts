#!/usr/bin/env node
import { VERSION } from '../version.js';

const args = process.argv.slice(2);
if (args.includes('--version') || args.includes('-v')) {
  process.stdout.write(`${VERSION}\n`);
} else {
  process.stdout.write(`tinydisplay ${VERSION}\nusage: tinydisplay --version\n`);
}
