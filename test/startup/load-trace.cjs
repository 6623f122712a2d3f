// Preload (`node -r load-trace.cjs ...`) that writes, when the process exits, the URL of every script
// V8 compiled, one a line, into the file named by TINYDISPLAY_LOAD_TRACE: ES modules and CommonJS
// alike, whether the program used `import` or `require` (Node's built-ins appear as `node:...`).
// test/startup/imports.test.ts and test/package.test.ts read it to check what an import loads.
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const out = process.env.TINYDISPLAY_LOAD_TRACE;
if (!out) throw new Error('load-trace.cjs: set TINYDISPLAY_LOAD_TRACE to the file to write');
const urls = [];
const session = new Session();
session.connect();
session.on('Debugger.scriptParsed', (m) => {
  if (m.params.url) urls.push(m.params.url);
});
session.post('Debugger.enable');
process.on('exit', () => writeFileSync(out, `${urls.join('\n')}\n`));
