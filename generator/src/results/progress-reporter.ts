import type { EngineGauges } from '../engine';
import type { TimeseriesRow } from './types';
import { formatDurationS, formatMs, formatRate } from './format-values';

export interface ProgressOptions {
  scenario: string;
  model: 'open' | 'closed';
  /** Planned duration; undefined for iteration-bound runs. */
  totalMs?: number;
}

type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/** Without a TTY, one line per this many ticks (the first tick included), so CI logs stay short. */
const PLAIN_EVERY_TICKS = 5;

/**
 * The live progress line: on a TTY one line rewritten in place; otherwise a plain line every
 * 5 ticks and never an escape code, so CI logs stay readable.
 */
export class ProgressReporter {
  private readonly tty: boolean;
  private errors = 0;
  private ticks = 0;
  private pending: string | undefined;
  private drawn = false;

  constructor(private readonly out: ProgressStream, private readonly opts: ProgressOptions) {
    this.tty = out.isTTY === true;
  }

  update(row: TimeseriesRow, gauges: EngineGauges): void {
    this.errors += row.errors;
    const line = this.line(row, gauges);
    if (this.tty) {
      const width = this.out.columns ?? 0;
      this.out.write(`\r\x1b[2K${width > 1 ? line.slice(0, width - 1) : line}`);
      this.drawn = true;
      return;
    }
    if (this.ticks++ % PLAIN_EVERY_TICKS === 0) {
      this.out.write(`${line}\n`);
      this.pending = undefined;
    } else {
      this.pending = line;
    }
  }

  /** Ends the live line (TTY) or prints the last state if it was not printed yet. */
  done(): void {
    if (this.tty && this.drawn) this.out.write('\n');
    if (!this.tty && this.pending !== undefined) this.out.write(`${this.pending}\n`);
    this.pending = undefined;
    this.drawn = false;
  }

  private line(row: TimeseriesRow, g: EngineGauges): string {
    const total = this.opts.totalMs === undefined ? '' : `/${formatDurationS(this.opts.totalMs / 1000)}`;
    const load = this.opts.model === 'open'
      ? `rate ${formatRate(row.rps)} of ${formatRate(g.targetRate ?? row.target)}`
      : `vus ${g.vus ?? row.vus}  ${formatRate(row.rps)}`;
    const dropped = g.dropped > 0 ? `  dropped ${g.dropped}` : '';
    return `${this.opts.scenario}  ${formatDurationS(row.elapsedS)}${total}  stage ${row.stage}  ${load}  ` +
      `p95 ${formatMs(row.p95)}  errors ${this.errors}  in-flight ${g.inFlight}${dropped}`;
  }
}
