import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  type DisplayInfo,
  TerminalOutput,
  type TerminalProcess,
  type TerminalStream,
} from '../../src/outputs/index.js';
import { Framebuffer } from '../../src/render/index.js';
import { patternFrame, runOutputContract } from './contract.js';
import { VirtualScreen } from './virtual-screen.js';

/** A terminal stream that records what it is given; like a real stream, its callback reports a failed write. */
class CaptureStream implements TerminalStream {
  chunks: string[] = [];
  bytes = 0;
  private failures = 0;
  failNext(): void {
    this.failures++;
  }
  write(chunk: string, callback?: (error?: Error | null) => void): boolean {
    if (typeof chunk !== 'string') throw new TypeError('expected a string chunk');
    if (this.failures > 0) {
      this.failures--;
      queueMicrotask(() => callback?.(Object.assign(new Error('EPIPE: broken pipe'), { code: 'EPIPE' })));
      return false;
    }
    this.chunks.push(chunk);
    this.bytes += Buffer.byteLength(chunk);
    queueMicrotask(() => callback?.(null));
    return true;
  }
  take(): string {
    return this.chunks.splice(0).join('');
  }
}

class FakeProcess extends EventEmitter implements TerminalProcess {
  readonly pid = 4242;
  readonly kills: [number, string][] = [];
  kill(pid: number, signal: 'SIGINT'): boolean {
    this.kills.push([pid, signal]);
    return true;
  }
}

const mono: DisplayInfo = { width: 128, height: 64, format: 'mono', fps: 30 };
const colour: DisplayInfo = { width: 4, height: 4, format: 'rgb888', fps: 10 };
const whole = (d: DisplayInfo) => [{ x: 0, y: 0, w: d.width, h: d.height }];

/** Cell rows as the screen shows them: the text after each `ESC[row;colH` jump, by row. */
function rowsWritten(out: string): Map<number, string> {
  const rows = new Map<number, string>();
  let row: number | undefined;
  let text = '';
  const flush = () => {
    if (row !== undefined) rows.set(row, text);
    row = undefined;
    text = '';
  };
  let i = 0;
  while (i < out.length) {
    if (out.startsWith('\x1b7', i) || out.startsWith('\x1b8', i)) {
      flush();
      i += 2;
      continue;
    }
    if (out.startsWith('\x1b[', i)) {
      let j = i + 2;
      while (j < out.length && !/[A-Za-z]/.test(out[j] as string)) j++;
      const params = out.slice(i + 2, j);
      if (out[j] === 'm' && row !== undefined) text += out.slice(i, j + 1);
      else {
        flush();
        if (out[j] === 'H' && params.includes(';')) row = Number(params.split(';')[0]);
      }
      i = j + 1;
      continue;
    }
    if (row !== undefined) text += out[i];
    i++;
  }
  flush();
  return rows;
}

async function open(display: DisplayInfo, options: ConstructorParameters<typeof TerminalOutput>[0] = {}) {
  const stream = new CaptureStream();
  const proc = new FakeProcess();
  const out = new TerminalOutput({ stream, process: proc, ...options });
  await out.open(display);
  return { stream, proc, out };
}

describe('terminal preview', () => {
  it('draws a 128x64 mono panel in 64x16 braille cells, 2x4 pixels per cell, inside a border', async () => {
    const { stream, out } = await open(mono);
    expect(out.size).toEqual({ columns: 64, rows: 16 });
    const setup = stream.take();
    expect(setup).toContain('\x1b[?1049h');
    expect(setup).toContain('\x1b[?25l');
    expect(setup).toContain(`┌${'─'.repeat(64)}┐`);
    const fb = new Framebuffer({ width: 128, height: 64 });
    // cell (0,0): left column rows 0-3 (dots 1,2,3,7), right column row 0 (dot 4)
    for (let y = 0; y < 4; y++) fb.set(0, y, 1);
    fb.set(1, 0, 1);
    // cell (63,15): right column, bottom row (dot 8)
    fb.set(127, 63, 1);
    await out.write({ tick: 0, framebuffer: fb, damage: whole(mono) });
    const frame = stream.take();
    // The cursor is saved and given back: it stays where other lines go on, under the picture.
    expect(frame.startsWith('\x1b[?2026h\x1b7')).toBe(true);
    expect(frame.endsWith('\x1b8\x1b[?2026l')).toBe(true);
    const rows = rowsWritten(frame);
    expect(rows.get(2)).toBe(`\u284f${'\u2800'.repeat(63)}`);
    expect(rows.get(17)).toBe(`${'\u2800'.repeat(63)}\u2880`);
    expect(rows.get(19)).toBe('1/30 fps');
  });

  it('rewrites only the cell rows that changed, and nothing for an idle frame', async () => {
    const { stream, out } = await open(mono, { border: false });
    const fb = new Framebuffer({ width: 128, height: 64 });
    await out.write({ tick: 0, framebuffer: fb, damage: whole(mono) });
    stream.take();
    fb.set(10, 21, 1); // cell row 5
    await out.write({ tick: 1, framebuffer: fb, damage: [{ x: 0, y: 16, w: 128, h: 16 }] });
    const rows = rowsWritten(stream.take());
    expect([...rows.keys()]).toEqual([6]);
    await out.write({ tick: 2, framebuffer: fb, damage: [] });
    await out.write({ tick: 3, framebuffer: fb, damage: [{ x: 0, y: 0, w: 128, h: 64 }] });
    expect(stream.take()).toBe('');
    expect(out.stats.frames).toBe(2);
  });

  it('draws colour panels in half blocks with 24-bit foreground (upper pixel) and background (lower pixel)', async () => {
    const { stream, out } = await open(colour, { border: false });
    const fb = new Framebuffer({ width: 4, height: 4, format: 'rgb888' });
    fb.fillRect(0, 0, 4, 1, 0xff0000);
    fb.fillRect(0, 1, 4, 1, 0x0000ff);
    fb.fillRect(0, 2, 4, 2, 0x00ff00);
    await out.write({ tick: 0, framebuffer: fb, damage: whole(colour) });
    const rows = rowsWritten(stream.take());
    expect(rows.get(1)).toBe('\x1b[38;2;255;0;0m\x1b[48;2;0;0;255m▀▀▀▀\x1b[0m');
    expect(rows.get(2)).toBe('\x1b[38;2;0;255;0m\x1b[48;2;0;255;0m▀▀▀▀\x1b[0m');
  });

  it('zooms each pixel to zoom x zoom sub-pixels', async () => {
    const { stream, out } = await open(colour, { border: false, zoom: 2 });
    expect(out.size).toEqual({ columns: 8, rows: 4 });
    const fb = new Framebuffer({ width: 4, height: 4, format: 'rgb888' });
    fb.set(0, 0, 0xffffff);
    await out.write({ tick: 0, framebuffer: fb, damage: whole(colour) });
    const rows = rowsWritten(stream.take());
    expect(rows.get(1)).toBe(
      '\x1b[38;2;255;255;255m\x1b[48;2;255;255;255m▀▀\x1b[38;2;0;0;0m\x1b[48;2;0;0;0m▀▀▀▀▀▀\x1b[0m',
    );
  });

  it('shows frames in the last second of ticks and the caller status under the frame', async () => {
    let status = 'mqtt live';
    const { stream, out } = await open(colour, { status: () => status });
    const fb = new Framebuffer({ width: 4, height: 4, format: 'rgb888' });
    for (let t = 0; t < 5; t++) {
      fb.set(t % 4, 0, 0x111111 * (t + 1));
      await out.write({ tick: t * 2, framebuffer: fb, damage: [{ x: 0, y: 0, w: 4, h: 1 }] });
    }
    expect(rowsWritten(stream.take()).get(colour.height / 2 + 3)).toBe('5/10 fps · mqtt live');
    status = 'mqtt stale';
    fb.set(0, 0, 0);
    await out.write({ tick: 30, framebuffer: fb, damage: [{ x: 0, y: 0, w: 4, h: 1 }] });
    expect(rowsWritten(stream.take()).get(5)).toBe('1/10 fps · mqtt stale');
  });

  it('gives the terminal back on close: attributes reset, cursor shown, previous screen restored; once', async () => {
    const { stream, out, proc } = await open(mono);
    stream.take();
    await out.close();
    expect(stream.take()).toBe('\x1b[0m\x1b[?25h\x1b[r\x1b[?1049l');
    await out.close();
    expect(stream.take()).toBe('');
    expect(proc.listenerCount('SIGINT')).toBe(0);
    expect(proc.listenerCount('exit')).toBe(0);
  });

  it('without the alternate screen, leaves the cursor under the frame on close, after the lines printed there', async () => {
    const screen = new VirtualScreen(80, 30);
    const stream: TerminalStream = {
      write(chunk, callback) {
        screen.write(chunk);
        queueMicrotask(() => callback?.(null));
        return true;
      },
    };
    const out = new TerminalOutput({ stream, process: null, alternateScreen: false });
    await out.open(mono);
    await out.write({ tick: 0, framebuffer: patternFrame(mono, 1), damage: whole(mono) });
    screen.write('a line printed under the picture\n');
    await out.close();
    screen.write('$ ');
    const lines = screen.lines();
    expect(lines[0]).toBe(`┌${'─'.repeat(64)}┐`);
    expect(lines.slice(19, 21)).toEqual(['a line printed under the picture', '$']);
  });

  it('on SIGINT restores the terminal and, being the only handler, lets the default action end the process', async () => {
    const { stream, out, proc } = await open(mono);
    stream.take();
    proc.emit('SIGINT');
    expect(stream.take()).toBe('\x1b[0m\x1b[?25h\x1b[r\x1b[?1049l');
    expect(proc.kills).toEqual([[4242, 'SIGINT']]);
    await out.close();
    expect(stream.take()).toBe('');
  });

  it('on SIGINT leaves the exit to another handler when the application has one', async () => {
    const { stream, proc } = await open(mono);
    proc.on('SIGINT', () => undefined);
    stream.take();
    proc.emit('SIGINT');
    expect(stream.take()).toBe('\x1b[0m\x1b[?25h\x1b[r\x1b[?1049l');
    expect(proc.kills).toEqual([]);
  });

  it('restores the terminal on process exit', async () => {
    const { stream, proc } = await open(mono);
    stream.take();
    proc.emit('exit');
    expect(stream.take()).toBe('\x1b[0m\x1b[?25h\x1b[r\x1b[?1049l');
  });

  it('redraws every row after a failed write', async () => {
    const { stream, out } = await open(mono, { border: false, onError: () => undefined });
    const fb = new Framebuffer({ width: 128, height: 64 });
    await out.write({ tick: 0, framebuffer: fb, damage: whole(mono) });
    stream.failNext();
    fb.set(0, 0, 1);
    await out.write({ tick: 1, framebuffer: fb, damage: [{ x: 0, y: 0, w: 1, h: 1 }] });
    stream.take();
    fb.set(0, 60, 1);
    await out.write({ tick: 2, framebuffer: fb, damage: [{ x: 0, y: 60, w: 1, h: 1 }] });
    expect(rowsWritten(stream.take()).size).toBe(16);
    expect(out.stats.errors).toBe(1);
  });

  it('refuses a zoom outside 1..8', () => {
    expect(() => new TerminalOutput({ zoom: 0 })).toThrow(/zoom.*0/);
    expect(() => new TerminalOutput({ zoom: 1.5 })).toThrow(/zoom.*1.5/);
  });
});

describe('terminal preview: lines printed by others', () => {
  const url = 'tinydisplay: simulator at http://127.0.0.1:4280/ (Ctrl-C to stop)';

  /** A terminal output and "stderr" printing to one virtual screen, in the order they write. */
  async function shared(columns: number, rows: number) {
    const screen = new VirtualScreen(columns, rows);
    const stream: TerminalStream = {
      write(chunk, callback) {
        screen.write(chunk);
        queueMicrotask(() => callback?.(null));
        return true;
      },
    };
    const out = new TerminalOutput({ stream, process: null });
    await out.open(mono);
    return { screen, out, stderr: (line: string) => screen.write(`${line}\n`) };
  }

  it('keeps a line printed after the picture opened (the simulator URL) on screen, under the picture, through every frame', async () => {
    const { screen, out, stderr } = await shared(80, 30);
    const fb = new Framebuffer({ width: 128, height: 64 });
    await out.write({ tick: 0, framebuffer: fb, damage: whole(mono) });
    stderr(url);
    for (let t = 1; t <= 40; t++) {
      fb.copyFrom(patternFrame(mono, t));
      // Whole frames and single bands, as a scene damages them.
      const damage = t % 2 === 0 ? whole(mono) : [{ x: 0, y: (t % 8) * 8, w: 128, h: 8 }];
      await out.write({ tick: t, framebuffer: fb, damage });
    }
    const lines = screen.lines();
    // Border (row 1), 16 picture rows, border (row 18), status (row 19), then the line printed.
    expect(lines[0]).toBe(`┌${'─'.repeat(64)}┐`);
    expect(lines[17]).toBe(`└${'─'.repeat(64)}┘`);
    expect(lines[18]).toMatch(/^\d+\/30 fps$/);
    expect(lines[19]).toBe(url);
    // The picture on screen is the last frame's.
    const again = await shared(80, 30);
    await again.out.write({ tick: 40, framebuffer: fb, damage: whole(mono) });
    expect(lines.slice(1, 17)).toEqual(again.screen.lines().slice(1, 17));
  });

  it('scrolls many printed lines under the picture without moving the picture', async () => {
    const { screen, out, stderr } = await shared(80, 24);
    const fb = patternFrame(mono, 1);
    await out.write({ tick: 0, framebuffer: fb, damage: whole(mono) });
    for (let i = 0; i < 12; i++) stderr(`warning ${i}`);
    fb.copyFrom(patternFrame(mono, 2));
    await out.write({ tick: 1, framebuffer: fb, damage: whole(mono) });
    const lines = screen.lines();
    expect(lines[0]).toBe(`┌${'─'.repeat(64)}┐`);
    expect(lines[17]).toBe(`└${'─'.repeat(64)}┘`);
    // Rows 20..24 hold the last lines printed, the cursor waiting on the empty row after them.
    expect(lines.slice(19)).toEqual(['warning 8', 'warning 9', 'warning 10', 'warning 11', '']);
  });
});

runOutputContract({
  name: 'terminal (braille)',
  display: mono,
  async setup(report) {
    const stream = new CaptureStream();
    return {
      output: new TerminalOutput({ stream, process: null, onError: report }),
      delivered: async () => stream.bytes,
      breakNext: () => stream.failNext(),
    };
  },
});

runOutputContract({
  name: 'terminal (half blocks)',
  display: { width: 32, height: 16, format: 'rgb565', fps: 30 },
  async setup(report) {
    const stream = new CaptureStream();
    return {
      output: new TerminalOutput({ stream, process: null, onError: report }),
      delivered: async () => stream.bytes,
      breakNext: () => stream.failNext(),
    };
  },
});
