/**
 * The MQTT codec: whatever packets a broker sends, cut into chunks anywhere, the parser hands on
 * exactly what the encoder put in, in order; payloads over the limit are reported and skipped as they
 * stream; broken streams are protocol errors, never exceptions or unbounded buffering.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  encodeConnack,
  encodePublish,
  encodePubrel,
  encodeSuback,
  MAX_CONTROL_PACKET_BYTES,
  MqttParser,
  PINGRESP,
} from '../../src/sources/mqtt-packets.js';

type Event =
  | {
      kind: 'publish';
      topic: string;
      payload: string;
      qos: number;
      id: number;
      dup: boolean;
      retain: boolean;
    }
  | { kind: 'tooLarge'; topic: string; bytes: number; qos: number; id: number }
  | { kind: 'control'; type: number; flags: number; body: string }
  | { kind: 'malformed'; message: string };

function recorder(maxPayloadBytes: number): { parser: MqttParser; events: Event[] } {
  const events: Event[] = [];
  const parser = new MqttParser(
    {
      // Copied at the call: the payload may be a view of a chunk.
      publish: (topic, payload, qos, id, dup, retain) =>
        events.push({ kind: 'publish', topic, payload: payload.toString('hex'), qos, id, dup, retain }),
      tooLarge: (topic, bytes, qos, id) => events.push({ kind: 'tooLarge', topic, bytes, qos, id }),
      control: (type, flags, body) =>
        events.push({ kind: 'control', type, flags, body: body.toString('hex') }),
      malformed: (error) => events.push({ kind: 'malformed', message: error.message }),
    },
    maxPayloadBytes,
  );
  return { parser, events };
}

/** A packet a broker may send, with the event the parser must report for it. */
interface Sent {
  readonly bytes: Buffer;
  readonly expect: (maxPayloadBytes: number) => Event;
}

/** Topic names a broker may send: at least one character, no wildcard, no U+0000. */
const topicArb = fc
  .oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constant('/'))
  .map((t) => t.replaceAll('+', '_').replaceAll('#', '_').replaceAll(String.fromCharCode(0), '_') || 't');
const idArb = fc.integer({ min: 1, max: 65_535 });

const publishArb: fc.Arbitrary<Sent> = fc
  .record({
    topic: topicArb,
    // Up to 20,000 bytes: remaining lengths of 1, 2 and 3 bytes.
    payload: fc.oneof(
      { weight: 5, arbitrary: fc.uint8Array({ maxLength: 300 }) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 16_000, maxLength: 20_000 }) },
    ),
    qos: fc.constantFrom(0, 1, 2),
    id: idArb,
    dup: fc.boolean(),
    retain: fc.boolean(),
  })
  .map(({ topic, payload, qos, id, dup, retain }) => {
    const q = qos as 0 | 1 | 2;
    const p = Buffer.from(payload);
    const bytes = encodePublish({ topic, payload: p, qos: q, id, dup, retain });
    const theId = q > 0 ? id : 0;
    return {
      bytes,
      expect: (max: number): Event =>
        p.length > max
          ? { kind: 'tooLarge', topic, bytes: p.length, qos: q, id: theId }
          : { kind: 'publish', topic, payload: p.toString('hex'), qos: q, id: theId, dup, retain },
    };
  });

const controlArb: fc.Arbitrary<Sent> = fc.oneof(
  fc.integer({ min: 0, max: 5 }).map((rc) => {
    const bytes = encodeConnack(rc);
    return {
      bytes,
      expect: (): Event => ({
        kind: 'control',
        type: 2,
        flags: 0,
        body: `00${rc.toString(16).padStart(2, '0')}`,
      }),
    };
  }),
  fc
    .tuple(idArb, fc.array(fc.constantFrom(0, 1, 2, 0x80), { minLength: 1, maxLength: 200 }))
    .map(([id, granted]) => {
      const bytes = encodeSuback(id, granted);
      return {
        bytes,
        expect: (): Event => ({
          kind: 'control',
          type: 9,
          flags: 0,
          body: bytes.subarray(bytes.length - 2 - granted.length).toString('hex'),
        }),
      };
    }),
  idArb.map((id) => {
    const bytes = encodePubrel(id);
    return {
      bytes,
      expect: (): Event => ({ kind: 'control', type: 6, flags: 2, body: bytes.subarray(2).toString('hex') }),
    };
  }),
  fc.constant<Sent>({
    bytes: PINGRESP,
    expect: (): Event => ({ kind: 'control', type: 13, flags: 0, body: '' }),
  }),
);

/** `stream` cut at `cuts` (positions taken modulo its length). */
function chunked(stream: Buffer, cuts: readonly number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => (stream.length === 0 ? 0 : c % (stream.length + 1))))].sort(
    (a, b) => a - b,
  );
  const out: Buffer[] = [];
  let from = 0;
  for (const c of [...at, stream.length]) {
    out.push(stream.subarray(from, c));
    from = c;
  }
  return out;
}

describe('MQTT parser against the encoder', () => {
  it('reports every packet of any sequence, cut into chunks anywhere, exactly as encoded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 3, arbitrary: publishArb }, { weight: 1, arbitrary: controlArb }), {
          maxLength: 25,
        }),
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 }), fc.constant(1024 * 1024)),
        (packets, cuts, max) => {
          const { parser, events } = recorder(max);
          const stream = Buffer.concat(packets.map((p) => p.bytes));
          // Each chunk copied into its own buffer, as a socket hands them over.
          for (const c of chunked(stream, cuts)) parser.push(Buffer.from(c));
          expect(events).toEqual(packets.map((p) => p.expect(max)));
          expect(parser.failed).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads one byte at a time as well as all at once', () => {
    const packets = [
      encodePublish({ topic: 'a/b', payload: Buffer.from('21.5'), qos: 1, id: 7 }),
      PINGRESP,
      encodePublish({ topic: 'é/ü', payload: Buffer.alloc(200, 1), qos: 0 }),
    ];
    const whole = recorder(100);
    whole.parser.push(Buffer.concat(packets));
    const bytewise = recorder(100);
    for (const b of Buffer.concat(packets)) bytewise.parser.push(Buffer.from([b]));
    expect(bytewise.events).toEqual(whole.events);
    expect(whole.events.map((e) => e.kind)).toEqual(['publish', 'control', 'tooLarge']);
  });

  it('never throws on arbitrary bytes: each stream is read or ends in one protocol error', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 2_000 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (bytes, cuts) => {
          const { parser, events } = recorder(64);
          for (const c of chunked(Buffer.from(bytes), cuts)) parser.push(c);
          const errors = events.filter((e) => e.kind === 'malformed');
          expect(errors.length).toBeLessThanOrEqual(1);
          if (errors.length === 1) {
            expect(events.at(-1)?.kind).toBe('malformed');
            expect(parser.failed).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('MQTT parser bounds and protocol errors', () => {
  it('reports a too-large payload from its header alone, skips it as it streams, then reads on', () => {
    const big = Buffer.alloc(2_200_000, 0x61); // a four-byte remaining length
    const bytes = encodePublish({ topic: 'cam/frame', payload: big, qos: 1, id: 9 });
    expect(bytes[4]).toBeLessThan(128); // length bytes 1..4, the last without its high bit
    expect(bytes[3]).toBeGreaterThanOrEqual(128);
    const { parser, events } = recorder(1024);
    parser.push(bytes.subarray(0, 64));
    // Reported before the payload has arrived: nothing waits for it to be held.
    expect(events).toEqual([{ kind: 'tooLarge', topic: 'cam/frame', bytes: big.length, qos: 1, id: 9 }]);
    for (let at = 64; at < bytes.length; at += 65_536) parser.push(bytes.subarray(at, at + 65_536));
    parser.push(encodePublish({ topic: 'cam/ok', payload: Buffer.from('1'), qos: 0 }));
    expect(events.at(-1)).toEqual({
      kind: 'publish',
      topic: 'cam/ok',
      payload: '31',
      qos: 0,
      id: 0,
      dup: false,
      retain: false,
    });
  });

  it('a remaining length of more than four bytes is a protocol error, and nothing is read after it', () => {
    const { parser, events } = recorder(100);
    parser.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0xff, 0x01]));
    parser.push(PINGRESP);
    expect(events).toEqual([
      { kind: 'malformed', message: 'MQTT protocol error: remaining length longer than 4 bytes' },
    ]);
    expect(parser.failed).toBe(true);
  });

  it('a packet other than PUBLISH larger than the control limit is a protocol error', () => {
    const { parser, events } = recorder(100);
    const n = MAX_CONTROL_PACKET_BYTES + 1;
    parser.push(Buffer.from([0x90, (n & 127) | 128, n >> 7]));
    expect(events).toEqual([
      {
        kind: 'malformed',
        message: `MQTT protocol error: packet type 9 of ${n} bytes (at most ${MAX_CONTROL_PACKET_BYTES})`,
      },
    ]);
  });

  it('reserved packet types, QoS 3 and a topic longer than its packet are protocol errors', () => {
    const cases: [number[], string][] = [
      [[0x00, 0], 'reserved packet type 0'],
      [[0xf0, 0], 'reserved packet type 15'],
      [[0x36, 3, 0, 1, 0x61], 'PUBLISH with QoS 3'],
      [[0x30, 3, 0, 9, 0x61], 'PUBLISH topic of 9 bytes in a packet of 3'],
      [[0x32, 3, 0, 0, 1], 'PUBLISH of 3 bytes: too short for a topic'],
      [[0x91, 3, 0, 1, 0], 'packet type 9 with flags 1 (reserved flags must be 0)'],
      [[0x60, 2, 0, 1], 'packet type 6 with flags 0 (reserved flags must be 2)'],
    ];
    for (const [bytes, message] of cases) {
      const { parser, events } = recorder(100);
      parser.push(Buffer.from(bytes));
      expect(events).toEqual([{ kind: 'malformed', message: `MQTT protocol error: ${message}` }]);
    }
  });
});

describe('MQTT parser: PUBLISH topic names and packet ids', () => {
  const bad: [string, number[], string][] = [
    ['an empty topic', [0x30, 0, 0], 'PUBLISH with an empty topic'],
    ['packet id 0 at QoS 1', [0x32, 0, 1, 0x61, 0, 0], 'PUBLISH at QoS 1 with packet id 0'],
    ['packet id 0 at QoS 2', [0x34, 0, 1, 0x61, 0, 0], 'PUBLISH at QoS 2 with packet id 0'],
    ['U+0000', [0x30, 0, 2, 0x61, 0], 'PUBLISH topic holds U+0000'],
    ['a + wildcard', [0x30, 0, 2, 0x61, 0x2b], 'PUBLISH topic holds a wildcard (+ or #)'],
    ['a lone continuation byte', [0x30, 0, 1, 0x80], 'PUBLISH topic is not well-formed UTF-8'],
    ['an encoded surrogate', [0x30, 0, 3, 0xed, 0xa0, 0x80], 'PUBLISH topic is not well-formed UTF-8'],
  ];
  it.each(bad)(
    '%s is a protocol error, payload within the limit or over it, whole or byte by byte',
    (_, head, message) => {
      for (const max of [100, 0]) {
        // [first byte, topic..., id...] + a one-byte payload, with its remaining length put in.
        const body = [...head.slice(1), 0x31];
        const bytes = Buffer.from([head[0] as number, body.length, ...body]);
        for (const whole of [true, false]) {
          const { parser, events } = recorder(max);
          if (whole) parser.push(bytes);
          else for (const b of bytes) parser.push(Buffer.from([b]));
          expect(events).toEqual([{ kind: 'malformed', message: `MQTT protocol error: ${message}` }]);
        }
      }
    },
  );
});

describe('MQTT parser: the largest remaining length', () => {
  it('reads 268,435,455 (0xff 0xff 0xff 0x7f) and reports that PUBLISH as too large from its header', () => {
    const { parser, events } = recorder(100);
    parser.push(Buffer.from([0x30, 0xff, 0xff, 0xff, 0x7f, 0, 1, 0x61]));
    expect(events).toEqual([{ kind: 'tooLarge', topic: 'a', bytes: 268_435_455 - 3, qos: 0, id: 0 }]);
    expect(parser.failed).toBe(false);
  });
});
