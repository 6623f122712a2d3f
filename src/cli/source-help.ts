/** The `<source>` forms, as help text (plain strings: `--help` loads no source code). */

/** One line per accepted form of a `<source>` (parsed by `parseSourceSpec`). */
export const SOURCE_FORMS: readonly (readonly [string, string])[] = [
  ['synthetic[:seed]', 'seeded demo waveforms: cpu (sine), mem (noise), temp (steps), net (bursts)'],
  ['system[:intervalMs]', "this machine's cpu, load, memory, temperature, network and disk"],
  ['mqtt://host[:port]/topic/#', 'MQTT subscription; + and # wildcards, several filters with commas'],
  ['mqtt://user:pass@host/...', 'with credentials (percent-encoded; the password is never printed)'],
  ['  ?qos=1&clean=false', 'QoS and persistent session (record: 1 and false; monitor: 0 and true)'],
  ['  &clientId=ID&keepalive=S', 'client id (record: stable per command line), keep-alive s (default 15)'],
  ['  &format=F&key=TEMPLATE', 'payloads as json|number|string|auto (default auto); key {topic}, {1}...'],
  ['tcp://host:port', 'NDJSON over TCP (client)'],
  ['tcp-listen://host:port', 'NDJSON over TCP (server; port 0 picks a free port, printed on stderr)'],
  ['ws://host:port/path', 'WebSocket (wss:// too), one JSON object per message'],
  ['http://host:port/path', 'JSON polled over HTTP (https:// too) every --sample TIME (default 5s)'],
  ['stdin', 'NDJSON on standard input; the end of input ends the run'],
  ['file:PATH', 'an NDJSON recording, replayed at --speed'],
];

const width = Math.max(...SOURCE_FORMS.map(([form]) => form.length));

export const SOURCE_HELP = [
  'sources:',
  ...SOURCE_FORMS.map(([form, what]) => `  ${form.padEnd(width)}  ${what}`),
].join('\n');
