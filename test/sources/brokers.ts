/**
 * Real MQTT brokers for the tests: an in-process aedes broker (always), a Mosquitto child process
 * (when the binary exists), and a TCP proxy to cut connections to any broker without stopping it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Aedes, type AedesOptions } from 'aedes';

/** A broker the test can stop and restart on the same port. */
export interface TestBroker {
  readonly url: string;
  readonly port: number;
  /** Stop listening and cut every connection (sessions survive where the broker keeps them). */
  stop(): Promise<void>;
  /** Listen again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
  /** Freeze the broker (SIGSTOP): connections stay open, nothing is answered. Child brokers only. */
  freeze?(): void;
  /** Let a frozen broker run again (SIGCONT). */
  thaw?(): void;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const a = server.address();
      resolve(typeof a === 'object' && a !== null ? a.port : port);
    });
  });
}

function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  return new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    sockets.clear();
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
  });
}

/**
 * aedes in this process; sessions live in the broker object, so they survive stop/restart.
 * `options` reach aedes (an `authenticate` hook).
 */
export async function startAedes(options?: AedesOptions): Promise<TestBroker> {
  const broker = await Aedes.createBroker(options);
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  const open = async (port: number): Promise<number> => {
    const s = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      broker.handle(socket);
    });
    server = s;
    return listen(s, port);
  };
  const port = await open(0);
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop: async () => {
      if (server !== undefined) await closeServer(server, sockets);
      server = undefined;
    },
    restart: async () => {
      await open(port);
    },
    close: async () => {
      if (server !== undefined) await closeServer(server, sockets);
      server = undefined;
      await new Promise<void>((resolve) => broker.close(() => resolve()));
    },
  };
}

/** The mosquitto binary, or undefined. */
export function findMosquitto(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin'];
  for (const d of dirs) {
    const p = join(d, 'mosquitto');
    if (d !== '' && existsSync(p)) return p;
  }
  return undefined;
}

async function freePort(): Promise<number> {
  const s = createServer();
  const port = await listen(s, 0);
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/**
 * Our own Mosquitto child on a free port (never the machine's shared broker). Persistence on, in a
 * temp dir, so persistent sessions and their queued QoS 1 messages survive a restart.
 */
export async function startMosquitto(binary: string): Promise<TestBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'td-mosq-'));
  // Started as root, mosquitto drops to its own user: let that user write the persistence file.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = join(dir, 'mosquitto.conf');
  writeFileSync(
    conf,
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous true',
      'persistence true',
      `persistence_location ${dir}/`,
      'log_dest none',
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  const kill = async (): Promise<void> => {
    const c = child;
    child = undefined;
    if (c === undefined || c.exitCode !== null) return;
    // A frozen broker cannot act on SIGTERM: let it run first.
    c.kill('SIGCONT');
    // SIGTERM: mosquitto writes its persistence file on the way out.
    const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    c.kill('SIGTERM');
    await exited;
  };
  const waitListening = async (): Promise<void> => {
    const start = performance.now();
    while (!(await portOpen(port))) {
      if (child?.exitCode !== null && child?.exitCode !== undefined)
        throw new Error(`mosquitto exited with code ${child.exitCode}`);
      if (performance.now() - start > 5_000) throw new Error('mosquitto did not listen within 5 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const startChild = async (): Promise<void> => {
    child = spawn(binary, ['-c', conf], { stdio: 'ignore' });
    await waitListening();
  };
  await startChild();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    stop: kill,
    restart: startChild,
    freeze: () => child?.kill('SIGSTOP'),
    thaw: () => child?.kill('SIGCONT'),
    close: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP proxy to `port`: `cut()` drops every connection through it, like a network outage. */
export async function startProxy(
  targetPort: number,
): Promise<{ port: number; cut(): void; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = tcpConnect({ host: '127.0.0.1', port: targetPort });
    for (const s of [inbound, outbound]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.pipe(outbound);
    outbound.pipe(inbound);
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  const port = await listen(server, 0);
  return {
    port,
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => closeServer(server, sockets),
  };
}
