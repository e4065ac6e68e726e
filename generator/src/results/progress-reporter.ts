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
/** The runner's last tick at the end of the run covers a few ms: its rate and p95 would read 0. */
const SHORT_ROW_S = 0.5;

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
  private previous: { row: TimeseriesRow; gauges: EngineGauges } | undefined;

  constructor(private readonly out: ProgressStream, private readonly opts: ProgressOptions) {
    this.tty = out.isTTY === true;
  }

  update(row: TimeseriesRow, gauges: EngineGauges): void {
    this.errors += row.errors;
    const prev = this.previous;
    const short = prev !== undefined && row.elapsedS - prev.row.elapsedS < SHORT_ROW_S;
    // A sliver of a second keeps the last full second's rate, target and p95; counts stay current.
    const rates = short ? prev : { row, gauges };
    if (!short) this.previous = { row, gauges };
    const line = this.line(row, gauges, rates.row, rates.gauges);
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

  /** `rates`/`rg` give rate, target and p95; `row`/`g` the elapsed time, stage and counts. */
  private line(row: TimeseriesRow, g: EngineGauges, rates: TimeseriesRow, rg: EngineGauges): string {
    const total = this.opts.totalMs === undefined ? '' : `/${formatDurationS(this.opts.totalMs / 1000)}`;
    const load = this.opts.model === 'open'
      ? `rate ${formatRate(rates.rps)} of ${formatRate(rg.targetRate ?? rates.target)}`
      : `vus ${g.vus ?? row.vus}  ${formatRate(rates.rps)}`;
    const dropped = g.dropped > 0 ? `  dropped ${g.dropped}` : '';
    return `${this.opts.scenario}  ${formatDurationS(row.elapsedS)}${total}  stage ${row.stage}  ${load}  ` +
      `p95 ${formatMs(rates.p95)}  errors ${this.errors}  in-flight ${g.inFlight}${dropped}`;
  }
}
