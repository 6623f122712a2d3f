/**
 * A small terminal for tests: it applies what the terminal output (and anything else printing to the
 * same terminal) sends, the way a VT100/xterm does, and shows the resulting screen as text. It knows
 * the sequences this library sends: cursor position (`CSI row;col H`), erase screen (`CSI 2J`) and
 * line (`CSI K`), scrolling region (`CSI top;bottom r`, which also sends the cursor home), save and
 * restore cursor (`ESC 7`, `ESC 8`), the alternate screen (`CSI ?1049h/l`); colours and other private
 * modes are ignored. A line feed moves down a row (scrolling the region when at its bottom) and, as
 * a terminal with `onlcr` does, back to column 1. Text wraps at the right margin.
 */
export class VirtualScreen {
  private main: string[][];
  private alt: string[][];
  private onAlt = false;
  private row = 0;
  private col = 0;
  private saved = { row: 0, col: 0 };
  private top = 0;
  private bottom: number;
  /** The alternate screen as it was when the program left it (what the user saw last). */
  lastAlternate: string[] | undefined;

  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    this.main = this.blank();
    this.alt = this.blank();
    this.bottom = rows - 1;
  }

  /** The screen now, one string per row, trailing spaces trimmed. */
  lines(): string[] {
    return this.screen().map((r) => r.join('').trimEnd());
  }

  write(text: string): void {
    let i = 0;
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '\x1b') {
        i = this.escape(text, i);
        continue;
      }
      if (ch === '\n') this.lineFeed();
      else if (ch === '\r') this.col = 0;
      else this.put(ch);
      i++;
    }
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => new Array<string>(this.columns).fill(' '));
  }

  private screen(): string[][] {
    return this.onAlt ? this.alt : this.main;
  }

  private put(ch: string): void {
    if (this.col >= this.columns) this.lineFeed();
    (this.screen()[this.row] as string[])[this.col] = ch;
    this.col++;
  }

  private lineFeed(): void {
    this.col = 0;
    if (this.row === this.bottom) {
      const s = this.screen();
      s.splice(this.top, 1);
      s.splice(this.bottom, 0, new Array<string>(this.columns).fill(' '));
    } else if (this.row < this.rows - 1) this.row++;
  }

  /** Apply the escape sequence at `i`; returns the index after it. */
  private escape(text: string, i: number): number {
    const next = text[i + 1];
    if (next === '7') {
      this.saved = { row: this.row, col: this.col };
      return i + 2;
    }
    if (next === '8') {
      this.row = this.saved.row;
      this.col = this.saved.col;
      return i + 2;
    }
    if (next !== '[')
      throw new Error(`virtual screen: unknown escape ${JSON.stringify(text.slice(i, i + 4))}`);
    let j = i + 2;
    while (j < text.length && !/[A-Za-z]/.test(text[j] as string)) j++;
    const params = text.slice(i + 2, j);
    const final = text[j];
    const nums = params.split(';').map((p) => (p === '' ? undefined : Number(p)));
    const clampRow = (r: number) => Math.max(0, Math.min(this.rows - 1, r));
    switch (final) {
      case 'H':
      case 'f':
        this.row = clampRow((nums[0] ?? 1) - 1);
        this.col = Math.max(0, Math.min(this.columns - 1, (nums[1] ?? 1) - 1));
        break;
      case 'J':
        if (params === '2') for (const r of this.screen()) r.fill(' ');
        break;
      case 'K':
        (this.screen()[this.row] as string[]).fill(' ', this.col);
        break;
      case 'r': {
        const top = (nums[0] ?? 1) - 1;
        const bottom = (nums[1] ?? this.rows) - 1;
        // A terminal ignores a region that is not at least two rows inside the screen.
        if (top < bottom && bottom < this.rows) {
          this.top = top;
          this.bottom = bottom;
        } else if (params === '') {
          this.top = 0;
          this.bottom = this.rows - 1;
        }
        this.row = 0;
        this.col = 0;
        break;
      }
      case 'h':
      case 'l':
        if (params === '?1049') {
          if (final === 'h') {
            this.alt = this.blank();
            this.onAlt = true;
          } else {
            this.lastAlternate = this.lines();
            this.onAlt = false;
          }
        }
        break;
      default:
        // `m` (colours) and anything else: no effect on the text.
        break;
    }
    return j + 1;
  }
}
