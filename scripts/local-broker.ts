/**
 * The MQTT broker `npm run examples:recordings` and `npm run bench:pi` publish to: the one at
 * 127.0.0.1:1883 when it answers, else an in-process aedes (the tests' `startAedes`).
 */
import { connect as tcpConnect } from 'node:net';
import { startAedes } from '../test/sources/brokers.js';

/** A broker to publish to; `close` stops it when it is ours, and does nothing otherwise. */
export interface LocalBroker {
  readonly url: string;
  /** true for the broker at 127.0.0.1:1883, false for the in-process aedes. */
  readonly external: boolean;
  close(): Promise<void>;
}

/** Whether something accepts a TCP connection at 127.0.0.1:`port` within 500 ms. */
function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}

export async function localBroker(): Promise<LocalBroker> {
  if (await portOpen(1883)) return { url: 'mqtt://127.0.0.1:1883', external: true, close: async () => {} };
  const aedes = await startAedes();
  return { url: aedes.url, external: false, close: () => aedes.close() };
}
