/** What a recording holds: points and gap markers per source, and its time span. Pure. */
import type { RecordedEntry } from '../data/index.js';

export interface SourceSummary {
  readonly points: number;
  /** `gap-start` markers: interruptions of the stream. */
  readonly gaps: number;
  /** `gap-end` markers. */
  readonly gapEnds: number;
  /** Arrival time of the first and last entry of this source, ms. */
  readonly firstMs: number;
  readonly lastMs: number;
}

export interface RecordingSummary {
  /** Lines (points and markers). */
  readonly entries: number;
  readonly points: number;
  readonly gaps: number;
  /** Sequence numbers missing between consecutive lines (lines the recorder lost or a cut file). */
  readonly missingSeqs: number;
  /** Lines whose arrival time is earlier than the line before. */
  readonly timeReversals: number;
  /** Arrival time of the first and last line, ms; 0 for an empty recording. */
  readonly firstMs: number;
  readonly lastMs: number;
  readonly spanMs: number;
  readonly sources: Readonly<Record<string, SourceSummary>>;
}

export function summarizeRecording(entries: readonly RecordedEntry[]): RecordingSummary {
  const sources = new Map<
    string,
    { points: number; gaps: number; gapEnds: number; firstMs: number; lastMs: number }
  >();
  let points = 0;
  let gaps = 0;
  let missingSeqs = 0;
  let timeReversals = 0;
  let prev: RecordedEntry | undefined;
  for (const e of entries) {
    let s = sources.get(e.src);
    if (s === undefined) {
      s = { points: 0, gaps: 0, gapEnds: 0, firstMs: e.t, lastMs: e.t };
      sources.set(e.src, s);
    }
    s.lastMs = e.t;
    if ('marker' in e) {
      if (e.marker === 'gap-start') {
        s.gaps++;
        gaps++;
      } else s.gapEnds++;
    } else {
      s.points++;
      points++;
    }
    if (prev !== undefined) {
      if (e.seq > prev.seq + 1) missingSeqs += e.seq - prev.seq - 1;
      if (e.t < prev.t) timeReversals++;
    }
    prev = e;
  }
  const firstMs = entries[0]?.t ?? 0;
  const lastMs = entries[entries.length - 1]?.t ?? 0;
  // Keys in first-seen order; a null-prototype object so a source named "__proto__" is just a key.
  const bySource = Object.create(null) as Record<string, SourceSummary>;
  for (const [id, s] of sources) bySource[id] = { ...s };
  return {
    entries: entries.length,
    points,
    gaps,
    missingSeqs,
    timeReversals,
    firstMs,
    lastMs,
    spanMs: lastMs - firstMs,
    sources: bySource,
  };
}
