import { isUtf8 } from 'node:buffer';

/**
 * The MQTT 3.1.1 wire format, as far as a subscriber needs it: encoders for the packets a client
 * sends (and, for tests and benches, the ones a broker sends), and `MqttParser`, a streaming parser
 * that takes bytes split anywhere and several packets per chunk.
 *
 * Bounded: a PUBLISH is held whole only when its payload is within `maxPayloadBytes` (plus its topic,
 * at most 65,535 bytes); a larger payload is skipped as it streams and reported by topic and length.
 * Any other packet larger than `MAX_CONTROL_PACKET_BYTES` is a protocol error, as is a malformed
 * remaining length (a fifth length byte), a reserved packet type, reserved flag bits not as the
 * spec sets them (MQTT-2.2.2-2), a PUBLISH at QoS 1 or 2 with packet id 0 (MQTT-2.3.1-1), and a
 * PUBLISH topic that is empty, ill-formed UTF-8, or holds U+0000 or a wildcard (MQTT-4.7.3-1,
 * MQTT-1.5.3-1/2, MQTT-3.3.2-2). After an error the parser reads nothing more: the connection is
 * to be closed.
 */

/** MQTT control packet types (the high nibble of the first byte). */
export const PacketType = {
  CONNECT: 1,
  CONNACK: 2,
  PUBLISH: 3,
  PUBACK: 4,
  PUBREC: 5,
  PUBREL: 6,
  PUBCOMP: 7,
  SUBSCRIBE: 8,
  SUBACK: 9,
  UNSUBSCRIBE: 10,
  UNSUBACK: 11,
  PINGREQ: 12,
  PINGRESP: 13,
  DISCONNECT: 14,
} as const;

/** Largest packet other than PUBLISH the parser holds (a SUBACK for up to 4,094 filters fits). */
export const MAX_CONTROL_PACKET_BYTES = 4096;

/** Largest remaining length MQTT can express (four length bytes). */
export const MAX_REMAINING_LENGTH = 268_435_455;

/** The bytes of a remaining length (1 to 4 of them). */
function lengthBytes(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > MAX_REMAINING_LENGTH)
    throw new RangeError(`MQTT remaining length: expected 0..${MAX_REMAINING_LENGTH}, got ${n}`);
  const out: number[] = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 128;
    out.push(b);
  } while (n > 0);
  return out;
}

/** A packet: first byte, remaining length, then `body`. */
function packet(first: number, body: Buffer): Buffer {
  const len = lengthBytes(body.length);
  const out = Buffer.allocUnsafe(1 + len.length + body.length);
  out[0] = first;
  for (let i = 0; i < len.length; i++) out[1 + i] = len[i] as number;
  body.copy(out, 1 + len.length);
  return out;
}

/** A UTF-8 string with its two-byte length. */
function mqttString(s: string | Buffer, what: string): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  if (b.length > 65_535) throw new RangeError(`MQTT ${what}: at most 65,535 bytes, got ${b.length}`);
  const out = Buffer.allocUnsafe(2 + b.length);
  out.writeUInt16BE(b.length, 0);
  b.copy(out, 2);
  return out;
}

function checkId(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > 65_535)
    throw new RangeError(`MQTT packet id: expected 1..65535, got ${id}`);
}

/** A packet of a packet id only (PUBACK, PUBREC, PUBREL, PUBCOMP, UNSUBACK). */
function idPacket(first: number, id: number): Buffer {
  checkId(id);
  return Buffer.from([first, 2, id >> 8, id & 255]);
}

/** What a CONNECT carries. */
export interface ConnectFields {
  readonly clientId: string;
  readonly clean: boolean;
  /** Seconds, 0..65535 (0: off). */
  readonly keepaliveSeconds: number;
  readonly username?: string;
  /** Sent only with a user name (MQTT 3.1.1). */
  readonly password?: string;
}

/** CONNECT, protocol level 4 (MQTT 3.1.1). */
export function encodeConnect(f: ConnectFields): Buffer {
  if (!Number.isInteger(f.keepaliveSeconds) || f.keepaliveSeconds < 0 || f.keepaliveSeconds > 65_535)
    throw new RangeError(`MQTT keep-alive: expected 0..65535 s, got ${f.keepaliveSeconds}`);
  if (f.password !== undefined && f.username === undefined)
    throw new TypeError('MQTT 3.1.1 sends a password only with a user name');
  let flags = f.clean ? 0x02 : 0;
  if (f.username !== undefined) flags |= 0x80;
  if (f.password !== undefined) flags |= 0x40;
  const head = Buffer.from([
    0,
    4,
    0x4d,
    0x51,
    0x54,
    0x54,
    4,
    flags,
    f.keepaliveSeconds >> 8,
    f.keepaliveSeconds & 255,
  ]);
  const parts = [head, mqttString(f.clientId, 'client id')];
  if (f.username !== undefined) parts.push(mqttString(f.username, 'user name'));
  if (f.password !== undefined) parts.push(mqttString(f.password, 'password'));
  return packet(PacketType.CONNECT << 4, Buffer.concat(parts));
}

/** SUBSCRIBE for `filters`, each at `qos`. */
export function encodeSubscribe(id: number, filters: readonly string[], qos: 0 | 1 | 2): Buffer {
  checkId(id);
  if (filters.length === 0) throw new RangeError('MQTT SUBSCRIBE: at least one topic filter');
  const parts: Buffer[] = [Buffer.from([id >> 8, id & 255])];
  for (const f of filters) parts.push(mqttString(f, 'topic filter'), Buffer.from([qos]));
  return packet((PacketType.SUBSCRIBE << 4) | 0x02, Buffer.concat(parts));
}

/** PUBACK (QoS 1 received). */
export const encodePuback = (id: number): Buffer => idPacket(PacketType.PUBACK << 4, id);
/** PUBREC (QoS 2, first answer). */
export const encodePubrec = (id: number): Buffer => idPacket(PacketType.PUBREC << 4, id);
/** PUBREL (QoS 2, the publisher's release). */
export const encodePubrel = (id: number): Buffer => idPacket((PacketType.PUBREL << 4) | 0x02, id);
/** PUBCOMP (QoS 2, done). */
export const encodePubcomp = (id: number): Buffer => idPacket(PacketType.PUBCOMP << 4, id);
/** PINGREQ. */
export const PINGREQ: Buffer = Buffer.from([PacketType.PINGREQ << 4, 0]);
/** PINGRESP. */
export const PINGRESP: Buffer = Buffer.from([PacketType.PINGRESP << 4, 0]);
/** DISCONNECT. */
export const DISCONNECT: Buffer = Buffer.from([PacketType.DISCONNECT << 4, 0]);

/** CONNACK with a return code (0 accepted, 1..5 refused). */
export function encodeConnack(returnCode: number, sessionPresent = false): Buffer {
  return Buffer.from([PacketType.CONNACK << 4, 2, sessionPresent ? 1 : 0, returnCode]);
}

/** SUBACK: one granted QoS (or 0x80, refused) per filter. */
export function encodeSuback(id: number, granted: readonly number[]): Buffer {
  checkId(id);
  return packet(PacketType.SUBACK << 4, Buffer.from([id >> 8, id & 255, ...granted]));
}

/** What a PUBLISH carries. */
export interface PublishFields {
  readonly topic: string;
  readonly payload: Buffer;
  readonly qos: 0 | 1 | 2;
  /** Packet id, with QoS 1 and 2. */
  readonly id?: number;
  readonly dup?: boolean;
  readonly retain?: boolean;
}

/** PUBLISH. */
export function encodePublish(p: PublishFields): Buffer {
  const first = (PacketType.PUBLISH << 4) | (p.dup ? 0x08 : 0) | (p.qos << 1) | (p.retain ? 0x01 : 0);
  const parts: Buffer[] = [mqttString(p.topic, 'topic')];
  if (p.qos > 0) {
    const id = p.id ?? 0;
    checkId(id);
    parts.push(Buffer.from([id >> 8, id & 255]));
  }
  parts.push(p.payload);
  return packet(first, Buffer.concat(parts));
}

/** What `MqttParser` hands on. Called synchronously, in wire order. */
export interface PacketHandler {
  /**
   * A PUBLISH within the payload limit. `payload` may be a view into the chunk being parsed: read
   * it before returning. `id` is 0 with QoS 0.
   */
  publish(topic: string, payload: Buffer, qos: 0 | 1 | 2, id: number, dup: boolean, retain: boolean): void;
  /**
   * A PUBLISH whose payload (`bytes` long) is over the limit: its payload is being skipped, never held.
   * Its QoS and id are given so the client can still acknowledge it.
   */
  tooLarge(topic: string, bytes: number, qos: 0 | 1 | 2, id: number): void;
  /** Any other packet: its type, the flags nibble and its body (a view: read it before returning). */
  control(type: number, flags: number, body: Buffer): void;
  /** The stream broke the protocol; the parser stops here. */
  malformed(error: Error): void;
}

/** The flags nibble MQTT 3.1.1 requires of each packet type but PUBLISH (table 2.2). */
function requiredFlags(type: number): number {
  return type === PacketType.PUBREL || type === PacketType.SUBSCRIBE || type === PacketType.UNSUBSCRIBE
    ? 2
    : 0;
}

/** What is wrong with a PUBLISH topic name (`bytes[start, end)`), or undefined when it is sound. */
function topicError(bytes: Buffer, start: number, end: number): string | undefined {
  if (end === start) return 'PUBLISH with an empty topic';
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    // ASCII bytes never occur inside a multi-byte UTF-8 sequence: a plain scan is exact.
    if (b === 0) return 'PUBLISH topic holds U+0000';
    if (b === 0x23 || b === 0x2b) return 'PUBLISH topic holds a wildcard (+ or #)';
  }
  if (!isUtf8(bytes.subarray(start, end))) return 'PUBLISH topic is not well-formed UTF-8';
  return undefined;
}

enum State {
  /** The first byte and the remaining length. */
  Fixed,
  /** A whole body (any packet that cannot be too large). */
  Body,
  /** A PUBLISH that may be too large: its topic length. */
  TopicLength,
  /** ...then its topic and packet id. */
  TopicAndId,
  /** ...then its payload, when within the limit. */
  Payload,
  /** Bytes of a too-large payload still to skip. */
  Skip,
  /** After a protocol error. */
  Failed,
}

const EMPTY = Buffer.alloc(0);

/**
 * Streaming MQTT parser: `push` each chunk as it arrives. Holds at most one packet, bounded as the
 * file comment says; a chunk holding a whole packet is parsed in place (no copy).
 */
export class MqttParser {
  private state = State.Fixed;
  /** The first byte, or -1 before it is read. */
  private first = -1;
  private remaining = 0;
  private multiplier = 1;
  private lengthCount = 0;
  /** Bytes being gathered for the current step (when it spans chunks), how many are in, how many needed. */
  private acc: Buffer | undefined;
  private accLen = 0;
  private need = 0;
  /** The topic and id of a PUBLISH read in steps. */
  private topic = '';
  private id = 0;
  private skip = 0;

  /**
   * @param handler Told of each packet, synchronously.
   * @param maxPayloadBytes PUBLISH payloads larger than this are skipped and reported.
   */
  constructor(
    private readonly handler: PacketHandler,
    readonly maxPayloadBytes: number,
  ) {
    if (!Number.isInteger(maxPayloadBytes) || maxPayloadBytes < 0)
      throw new RangeError(`MQTT parser maxPayloadBytes: expected an integer >= 0, got ${maxPayloadBytes}`);
  }

  /** Did the stream break the protocol? */
  get failed(): boolean {
    return this.state === State.Failed;
  }

  /** Parse what `chunk` holds; a packet cut at its end is finished by the next push. */
  push(chunk: Buffer): void {
    let pos = 0;
    const end = chunk.length;
    while (pos < end) {
      const state = this.state;
      if (state === State.Failed) return;
      if (state === State.Fixed) {
        const b = chunk[pos++] as number;
        if (this.first < 0) {
          this.first = b;
          const type = b >> 4;
          if (type === 0 || type === 15) {
            this.fail(`reserved packet type ${type}`);
            return;
          }
          if (type === PacketType.PUBLISH && ((b >> 1) & 3) === 3) {
            this.fail('PUBLISH with QoS 3');
            return;
          }
          if (type !== PacketType.PUBLISH && (b & 15) !== requiredFlags(type)) {
            this.fail(
              `packet type ${type} with flags ${b & 15} (reserved flags must be ${requiredFlags(type)})`,
            );
            return;
          }
          continue;
        }
        this.remaining += (b & 127) * this.multiplier;
        this.lengthCount++;
        if (b & 128) {
          if (this.lengthCount === 4) {
            this.fail('remaining length longer than 4 bytes');
            return;
          }
          this.multiplier *= 128;
          continue;
        }
        this.headerDone();
        continue;
      }
      if (state === State.Skip) {
        const n = Math.min(end - pos, this.skip);
        this.skip -= n;
        pos += n;
        if (this.skip === 0) this.reset();
        continue;
      }
      // A step of `need` bytes. All in this chunk and nothing gathered yet: a view, no copy.
      if (this.accLen === 0 && end - pos >= this.need) {
        const view = chunk.subarray(pos, pos + this.need);
        pos += this.need;
        this.stepDone(view);
        continue;
      }
      if (this.acc === undefined) this.acc = Buffer.allocUnsafe(this.need);
      const n = Math.min(end - pos, this.need - this.accLen);
      chunk.copy(this.acc, this.accLen, pos, pos + n);
      this.accLen += n;
      pos += n;
      if (this.accLen === this.need) {
        const whole = this.acc;
        this.acc = undefined;
        this.accLen = 0;
        this.stepDone(whole);
      }
    }
  }

  /** The fixed header is read: choose how the body is read. */
  private headerDone(): void {
    const type = this.first >> 4;
    const len = this.remaining;
    if (type === PacketType.PUBLISH) {
      const idBytes = this.first & 6 ? 2 : 0;
      if (len < 2 + idBytes) {
        this.fail(`PUBLISH of ${len} bytes: too short for a topic`);
        return;
      }
      // The payload is at most len - 2 - idBytes: within the limit, read the packet whole.
      if (len - 2 - idBytes <= this.maxPayloadBytes) {
        this.step(State.Body, len);
        return;
      }
      this.step(State.TopicLength, 2);
      return;
    }
    if (len > MAX_CONTROL_PACKET_BYTES) {
      this.fail(`packet type ${type} of ${len} bytes (at most ${MAX_CONTROL_PACKET_BYTES})`);
      return;
    }
    if (len === 0) {
      this.bodyDone(EMPTY);
      return;
    }
    this.step(State.Body, len);
  }

  private step(state: State, n: number): void {
    this.state = state;
    this.need = n;
    this.accLen = 0;
    this.acc = undefined;
  }

  /** One step's bytes are in. */
  private stepDone(bytes: Buffer): void {
    const qos = ((this.first >> 1) & 3) as 0 | 1 | 2;
    const idBytes = qos > 0 ? 2 : 0;
    switch (this.state) {
      case State.Body: {
        this.bodyDone(bytes);
        return;
      }
      case State.TopicLength: {
        const topicLen = bytes.readUInt16BE(0);
        if (2 + topicLen + idBytes > this.remaining) {
          this.fail(`PUBLISH topic of ${topicLen} bytes in a packet of ${this.remaining}`);
          return;
        }
        if (topicLen === 0) {
          this.fail('PUBLISH with an empty topic');
          return;
        }
        this.step(State.TopicAndId, topicLen + idBytes);
        return;
      }
      case State.TopicAndId: {
        const topicLen = bytes.length - idBytes;
        const id = idBytes > 0 ? bytes.readUInt16BE(topicLen) : 0;
        const error = this.publishError(bytes, 0, topicLen, qos, id);
        if (error !== undefined) {
          this.fail(error);
          return;
        }
        this.headRead(bytes.toString('utf8', 0, topicLen), topicLen, id);
        return;
      }
      case State.Payload: {
        const { topic, id, first } = this;
        this.reset();
        this.handler.publish(topic, bytes, qos, id, (first & 8) !== 0, (first & 1) !== 0);
        return;
      }
    }
  }

  /** The topic and id of a maybe-too-large PUBLISH are read. */
  private headRead(topic: string, topicLen: number, id: number): void {
    const qos = ((this.first >> 1) & 3) as 0 | 1 | 2;
    const payloadLen = this.remaining - 2 - topicLen - (qos > 0 ? 2 : 0);
    if (payloadLen > this.maxPayloadBytes) {
      // payloadLen > maxPayloadBytes >= 0: at least one byte to skip.
      this.state = State.Skip;
      this.skip = payloadLen;
      this.acc = undefined;
      this.accLen = 0;
      this.handler.tooLarge(topic, payloadLen, qos, id);
      return;
    }
    if (payloadLen === 0) {
      const first = this.first;
      this.reset();
      this.handler.publish(topic, EMPTY, qos, id, (first & 8) !== 0, (first & 1) !== 0);
      return;
    }
    this.topic = topic;
    this.id = id;
    this.step(State.Payload, payloadLen);
  }

  /** A whole body is in (`body` may be empty). */
  private bodyDone(body: Buffer): void {
    const first = this.first;
    const type = first >> 4;
    this.reset();
    if (type !== PacketType.PUBLISH) {
      this.handler.control(type, first & 15, body);
      return;
    }
    const qos = ((first >> 1) & 3) as 0 | 1 | 2;
    const topicLen = body.readUInt16BE(0);
    const idBytes = qos > 0 ? 2 : 0;
    if (2 + topicLen + idBytes > body.length) {
      this.fail(`PUBLISH topic of ${topicLen} bytes in a packet of ${body.length}`);
      return;
    }
    const id = qos > 0 ? body.readUInt16BE(2 + topicLen) : 0;
    const error = this.publishError(body, 2, 2 + topicLen, qos, id);
    if (error !== undefined) {
      this.fail(error);
      return;
    }
    this.handler.publish(
      body.toString('utf8', 2, 2 + topicLen),
      body.subarray(2 + topicLen + idBytes),
      qos,
      id,
      (first & 8) !== 0,
      (first & 1) !== 0,
    );
  }

  /** What is wrong with a PUBLISH's topic (`bytes[start, end)`) or packet id, or undefined. */
  private publishError(
    bytes: Buffer,
    start: number,
    end: number,
    qos: number,
    id: number,
  ): string | undefined {
    if (qos > 0 && id === 0) return `PUBLISH at QoS ${qos} with packet id 0`;
    return topicError(bytes, start, end);
  }

  /** Ready for the next packet. */
  private reset(): void {
    this.state = State.Fixed;
    this.first = -1;
    this.remaining = 0;
    this.multiplier = 1;
    this.lengthCount = 0;
    this.acc = undefined;
    this.accLen = 0;
    this.need = 0;
    this.topic = '';
    this.id = 0;
  }

  private fail(message: string): void {
    this.state = State.Failed;
    this.acc = undefined;
    this.handler.malformed(new Error(`MQTT protocol error: ${message}`));
  }
}
