/**
 * The command table of `tinydisplay`, on commander: every command with its arguments, options, value
 * readers and help. Each command's implementation is loaded by its action (`import()`), so `--help`
 * loads commander and this table only. Output goes through the `CliIo`; commander never exits the
 * process (`exitOverride`): `runCli` turns what it throws into an exit code.
 */
import { Command, Option, type OptionValues } from 'commander';
import { VERSION } from '../version.js';
import type { CliIo } from './io.js';
import { numberValue, textValue, timeValue } from './option-values.js';
import { SOURCE_HELP } from './source-help.js';
import { EXIT, EXIT_HELP } from './usage-error.js';

/** What a command module exports: its run, given the positionals and the options commander read. */
export interface CommandModule<O extends OptionValues> {
  run(args: readonly string[], options: O, io: CliIo): Promise<number>;
}

const SPEED = { expected: 'a speed factor > 0', min: 0, exclusiveMin: true } as const;

/** The options of the commands that run one `<source>` (record, keys, monitor). */
function sourceOptions(): Option[] {
  return [
    new Option('--id <ID>', 'source id written with every point (default: the transport name)').argParser(
      textValue('--id', 'a non-empty source id'),
    ),
    new Option(
      '--sample <TIME>',
      'sampling (synthetic, system) or polling (http) interval (default 100ms / 1s / 5s)',
    ).argParser(timeValue('--sample')),
    new Option(
      '--key <KEY>',
      'nest each message under KEY (ws, http, tcp, stdin; for plain numbers and strings); mqtt: key template',
    ).argParser(textValue('--key', 'a non-empty key')),
    new Option(
      '--format <F>',
      'payloads as json, number, string or auto (default: auto with a key or for mqtt, else json)',
    ).argParser(textValue('--format', 'json, number, string or auto')),
    new Option(
      '--seq-field <FIELD>',
      "the publisher's sequence number field: skipped numbers are counted as lost, repeats as duplicates",
    ).argParser(textValue('--seq-field', 'a field path')),
    new Option(
      '--silent-after <TIME>',
      'the connection counts as silent after this long without data (default: 3 samples, or 30s for push sources)',
    ).argParser(timeValue('--silent-after')),
    new Option('--speed <X>', 'file: replay speed, 1 = as recorded (default 1)').argParser(
      numberValue('--speed', SPEED),
    ),
    new Option('--fast', 'file: replay as fast as possible'),
    new Option(
      '--retries <N>',
      'give up (exit 1) after N failed reconnections in a row (default: never)',
    ).argParser(numberValue('--retries', { expected: 'an integer >= 1', min: 1, integer: true })),
  ];
}

const durationOption = (help: string): Option =>
  new Option('--duration <TIME>', help).argParser(timeValue('--duration'));

const EXAMPLES = [
  'examples:',
  '  tinydisplay demo',
  '  tinydisplay demo --gif demo.gif --seconds 10s',
  '  tinydisplay validate display.yaml',
  '  tinydisplay run display.yaml',
  '  tinydisplay keys system',
  '  tinydisplay record synthetic --duration 10s --out demo.ndjson',
  '  tinydisplay record display.yaml --duration 1min --out display.ndjson',
  '  tinydisplay record mqtt://127.0.0.1:1883/sensors/# -o sensors.ndjson',
  '  sensor-script | tinydisplay record stdin > readings.ndjson',
  '  tinydisplay monitor system --interval 5s --prometheus',
  '  tinydisplay replay demo.ndjson',
  '  tinydisplay replay display.yaml display.ndjson --gif display.gif',
].join('\n');

/** Where the result of the command that ran is left. */
export interface ProgramResult {
  code: number;
}

/**
 * The `tinydisplay` program writing to `io`. Its action leaves the exit code in `result`; commander's
 * own errors and help are thrown as `CommanderError` (see `runCli`).
 */
export function buildProgram(io: CliIo): { program: Command; result: ProgramResult } {
  const result: ProgramResult = { code: EXIT.ok };
  const program = new Command('tinydisplay');

  /** Every command (and the program) writes to `io`, throws instead of exiting, and shows help alike. */
  const configure = (c: Command, hint: string): Command =>
    c
      .exitOverride()
      .configureOutput({
        writeOut: (s) => io.stdout.write(s),
        writeErr: (s) => io.stderr.write(s),
        outputError: (s, write) => write(`tinydisplay: ${s.replace(/^error: /, '')}`),
      })
      .configureHelp({ styleTitle: (title) => title.toLowerCase(), showGlobalOptions: false })
      .showHelpAfterError(`(see: tinydisplay ${hint})`)
      .helpOption('-h, --help', 'show this help');

  const command = <O extends OptionValues>(name: string, load: () => Promise<CommandModule<O>>): Command => {
    const c = configure(new Command(name), `${name} --help`);
    c.action(async () => {
      result.code = await (await load()).run(c.processedArgs as string[], c.opts<O>(), io);
    });
    program.addCommand(c);
    return c;
  };

  configure(program, '--help')
    .description(`tinydisplay ${VERSION}: live data to deterministic animation on small displays`)
    .usage('<command> [arguments] [options]')
    .version(VERSION, '-v, --version', 'print the version')
    .helpCommand('help [command]', 'show the help of a command')
    .addHelpText('after', `\n${SOURCE_HELP}\n\n${EXAMPLES}`)
    .addHelpText('afterAll', `\n${EXIT_HELP}`);

  command('demo', () => import('./commands/demo.js'))
    .summary('a 128x64 system monitor of this machine, in the terminal and the browser simulator')
    .description(
      [
        "Runs the embedded demo config: this machine's CPU (bar, sparkline), memory, temperature and",
        'network on a 128x64 mono display, with an alert sequence when CPU goes above 80 %. It shows in the',
        'terminal and in the browser simulator at the printed local URL. With --gif FILE it renders',
        'headless into FILE for --seconds (default 10s) instead; no network is used either way.',
      ].join(' '),
    )
    .usage('[--gif FILE --seconds TIME] [--frames N] [--port N]')
    .addOption(
      new Option('--gif <FILE>', 'render headless into this GIF instead').argParser(
        textValue('--gif', 'a file path'),
      ),
    )
    .addOption(
      new Option('--seconds <TIME>', 'how long to run (10s, 500ms; default 10s with --gif)').argParser(
        timeValue('--seconds'),
      ),
    )
    .addOption(
      new Option('--frames <N>', 'stop after N frames were written').argParser(
        numberValue('--frames', { expected: 'a whole number > 0', min: 1, integer: true }),
      ),
    )
    .addOption(
      new Option('--port <N>', 'simulator port (default 4280; 0 picks a free one)').argParser(
        numberValue('--port', { expected: 'a port 0..65535', min: 0, max: 65535, integer: true }),
      ),
    );

  command('run', () => import('./commands/run-config.js'))
    .summary('run a config: sources -> bindings -> animations -> widgets -> outputs, with hot reload')
    .description(
      [
        'Validates <config> (every error printed, exit 1 if invalid), then runs it until Ctrl-C / SIGTERM,',
        '--duration, or a failure that cannot heal (a missing file source, a source out of retries: exit 1).',
        'When the file changes it is validated again: a valid config is swapped in at a tick boundary',
        '(the ring buffer, its history and unchanged source connections are kept); an invalid one is',
        'reported and the display goes on.',
      ].join(' '),
    )
    .argument('<config>', 'the config file (YAML or JSON)')
    .usage('<config> [--duration TIME] [--no-watch]')
    .addOption(durationOption('stop after this long (10s, 500ms, 2min)'))
    .addOption(new Option('--no-watch', 'do not reload the config when the file changes'));

  command('validate', () => import('./commands/validate.js'))
    .summary('check a config file: every error with its path, nothing started')
    .description(
      [
        'Reads <config> (YAML or JSON), checks it against the schema and across its sections (widget',
        'properties, ids, data keys, expressions), and prints every problem as `path: message`.',
        'Exit code 0 when it is valid (warnings allowed), 1 when it is not.',
      ].join(' '),
    )
    .argument('<config>', 'the config file (YAML or JSON)')
    .usage('<config>');

  const record = command('record', () => import('./commands/record.js'))
    .summary('record a source, or every source of a config, to an NDJSON file (or stdout)')
    .description(
      [
        'Connects <source> under a supervisor (reconnects with backoff, gap markers on drops) into a ring',
        'buffer and writes every point and gap marker as one NDJSON line with its arrival time in ms since',
        'the start. Given a config file (YAML or JSON) instead, records every source it declares into the',
        'one recording, which `replay <config> <recording>` renders. Stops on Ctrl-C / SIGTERM, after',
        '--duration, at --max-points, or when the sources end.',
        'A summary goes to stderr: what was recorded, refused, lost, duplicated and dropped, and whether loss',
        'could be counted at all. MQTT records with QoS 1 and a persistent session unless the spec says',
        'otherwise. A slow output pauses the sources that can pause; lines dropped anyway, or points lost,',
        'make the exit status 3.',
      ].join(' '),
    )
    .argument('<source|config>', 'a source spec (below) or a config file')
    .usage('<source|config> [--out FILE] [--duration TIME] [--max-points N] [options]')
    .addOption(
      new Option('-o, --out <FILE>', 'write the recording here (default: stdout)').argParser(
        textValue('--out', 'a file path'),
      ),
    )
    .addOption(durationOption('stop after this long (10s, 500ms, 2min; default: until Ctrl-C)'))
    .addOption(
      new Option('--max-points <N>', 'stop after N data points (default: no limit)').argParser(
        numberValue('--max-points', { expected: 'an integer >= 1', min: 1, integer: true }),
      ),
    )
    .addOption(
      new Option(
        '--output-buffer <BYTES>',
        'most bytes held for a slow output before lines are dropped (default 16 MiB)',
      ).argParser(
        numberValue('--output-buffer', { expected: 'an integer >= 1024', min: 1024, integer: true }),
      ),
    )
    .addHelpText('after', `\nthe options after --output-buffer apply to a <source> only.\n\n${SOURCE_HELP}`);
  for (const o of sourceOptions()) record.addOption(o);

  command('replay', () => import('./commands/replay.js'))
    .summary('replay a recording and print a summary, or render it through a config to PNG or GIF')
    .description(
      [
        'Reads an NDJSON recording (FILE, or - for stdin), checks every line, and replays it through a',
        'display pipeline at its recorded arrival times: as fast as possible (--fast, the default) or at',
        '--speed times the recorded pace. Prints the points and gaps per source, the time span, the ticks',
        'the recording covers at --fps, and what the ring buffer did with the points. Exit status 3 when',
        'lines were refused.\n\nWith a <config> first, renders the recording through it, headless, into PNG frames (--png-dir)',
        'or a GIF (--gif), from --from to --to (times in the recording: 10s, 1500ms, 300ticks). The output',
        'is byte-identical across runs. A progress bar shows on long renders when stderr is a terminal.',
      ].join(' '),
    )
    .argument('<file|config>', 'the recording (- for stdin), or the config to render it through')
    .argument('[recording]', 'with <config>: the recording to render')
    .usage(
      'FILE [--speed X | --fast] [--fps N] [--json]\n       tinydisplay replay <config> <recording> --png-dir DIR | --gif FILE [--from TIME] [--to TIME]',
    )
    .addOption(
      new Option('--speed <X>', 'replay paced, X times the recorded speed (2 = twice as fast)').argParser(
        numberValue('--speed', SPEED),
      ),
    )
    .addOption(new Option('--fast', 'replay as fast as possible (default)'))
    .addOption(
      new Option('--fps <N>', 'ticks per second of the replay pipeline (default 30)').argParser(
        numberValue('--fps', { expected: 'a number of frames per second > 0', min: 0, exclusiveMin: true }),
      ),
    )
    .addOption(new Option('--json', 'print the summary as one JSON object'))
    .addOption(
      new Option('--png-dir <DIR>', 'with <config>: write each frame as DIR/NNNNNN.png').argParser(
        textValue('--png-dir', 'a folder path'),
      ),
    )
    .addOption(
      new Option('--gif <FILE>', 'with <config>: write the frames into FILE').argParser(
        textValue('--gif', 'a file path'),
      ),
    )
    .addOption(
      new Option('--from <TIME>', 'with <config>: first tick to render (10s, 1500ms, 300ticks)').argParser(
        textValue('--from', 'a time in the recording'),
      ),
    )
    .addOption(
      new Option('--to <TIME>', 'with <config>: last tick to render').argParser(
        textValue('--to', 'a time in the recording'),
      ),
    );

  const keys = command('keys', () => import('./commands/keys.js'))
    .summary('the keys a source produces, with their latest values')
    .description(
      [
        'Runs <source> for --duration (default 3s) or until it ends or Ctrl-C, then prints each key it',
        'produced with its latest value, one per line, sorted.',
      ].join(' '),
    )
    .argument('<source>', 'a source spec (below)')
    .usage('<source> [--duration TIME] [options]')
    .addOption(durationOption('stop after this long (default 3s)'));
  for (const o of sourceOptions()) keys.addOption(o);
  keys.addHelpText('after', `\n${SOURCE_HELP}`);

  const monitor = command('monitor', () => import('./commands/monitor.js'))
    .summary('run a source and print the data layer monitor (JSON lines or Prometheus text)')
    .description(
      [
        'Runs <source> under a supervisor into a ring buffer with a monitor, and prints the monitor snapshot',
        '(ingest rates, latency, refusals, memory, and the source: state, reconnects, gaps...) every',
        '--interval as one line of JSON, or as Prometheus text with --prometheus. A final snapshot',
        'is printed when the run ends (Ctrl-C / SIGTERM, --duration, or the end of the source).',
      ].join(' '),
    )
    .argument('<source>', 'a source spec (below)')
    .usage('<source> [--interval TIME] [--prometheus] [--duration TIME] [options]')
    .addOption(
      new Option('--interval <TIME>', 'time between two snapshots (default 1s)').argParser(
        timeValue('--interval'),
      ),
    )
    .addOption(new Option('--prometheus', 'print Prometheus text instead of JSON'))
    .addOption(durationOption('stop after this long (default: until Ctrl-C)'));
  for (const o of sourceOptions()) monitor.addOption(o);
  monitor.addHelpText('after', `\n${SOURCE_HELP}`);

  return { program, result };
}
