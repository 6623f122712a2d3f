import { describe, expect, it } from 'vitest';
import { LineSplitter, type LossReason, type RefusalReason } from '../../src/sources/index.js';

function splitter(max = 16) {
  const lines: string[] = [];
  const refused: [RefusalReason, unknown][] = [];
  const lost: [LossReason, number][] = [];
  const s = new LineSplitter(
    {
      refuse: (reason, _field, value) => refused.push([reason, value]),
      lose: (reason, n) => lost.push([reason, n]),
    },
    (line) => lines.push(line),
    max,
  );
  return { s, lines, refused, lost };
}

describe('LineSplitter', () => {
  it('splits on \\n, drops a trailing \\r and skips empty lines', () => {
    const { s, lines } = splitter();
    s.push(Buffer.from('a\nbb\r\n\n\nccc\n'));
    expect(lines).toEqual(['a', 'bb', 'ccc']);
  });

  it('pauses in the middle of a chunk: the rest waits for resume, in order, and end() lets it out', () => {
    const lines: string[] = [];
    const s: LineSplitter = new LineSplitter(
      { refuse: () => undefined, lose: () => undefined },
      (line) => {
        lines.push(line);
        if (line === 'b') s.pause();
      },
      16,
    );
    s.push(Buffer.from('a\nb\nc\nd'));
    expect(lines).toEqual(['a', 'b']);
    s.push(Buffer.from('\ne\n'));
    expect(lines).toEqual(['a', 'b']);
    expect(s.holding).toBeGreaterThan(0);
    s.resume();
    expect(lines).toEqual(['a', 'b', 'c', 'd', 'e']);
    s.pause();
    s.push(Buffer.from('f\n'));
    s.end();
    expect(lines).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('joins a line spread over many chunks, including a split UTF-8 character', () => {
    const { s, lines } = splitter(64);
    const bytes = Buffer.from('{"t":"é€"}\n');
    for (let i = 0; i < bytes.length; i++) s.push(bytes.subarray(i, i + 1));
    expect(lines).toEqual(['{"t":"é€"}']);
  });

  it('refuses an over-long line once, holds at most maxLineLength bytes, and resumes after its newline', () => {
    const { s, lines, refused } = splitter(16);
    for (let i = 0; i < 1_000; i++) {
      s.push(Buffer.alloc(1_024, 0x78));
      expect(s.buffered).toBeLessThanOrEqual(16);
    }
    s.push(Buffer.from('tail\nok\n'));
    expect(refused).toHaveLength(1);
    expect(refused[0]?.[0]).toBe('line-too-long');
    expect(lines).toEqual(['ok']);
  });

  it('refuses an over-long line that arrives in one chunk', () => {
    const { s, lines, refused } = splitter(4);
    s.push(Buffer.from('12345\n1234\n'));
    expect(lines).toEqual(['1234']);
    expect(refused).toHaveLength(1);
  });

  it('counts a half line left at the end of the stream as lost', () => {
    const { s, lines, lost } = splitter();
    s.push(Buffer.from('{"a":1}\n{"a":'));
    s.end();
    expect(lines).toEqual(['{"a":1}']);
    expect(lost).toEqual([['partial-line', 1]]);
    s.end();
    expect(lost).toHaveLength(1);
  });

  it('does not keep a reference to the chunk it was given', () => {
    const { s, lines } = splitter();
    const chunk = Buffer.from('abc');
    s.push(chunk);
    chunk.fill(0x7a);
    s.push(Buffer.from('\n'));
    expect(lines).toEqual(['abc']);
  });
});
