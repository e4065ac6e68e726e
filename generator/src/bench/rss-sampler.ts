import fs from 'node:fs';

export interface RssSample { tS: number; rssMb: number }

export interface RssReport {
  /** Peak resident set (VmHWM, the kernel's high-water mark) in MB; undefined without /proc. */
  peakMb?: number;
  samples: RssSample[];
}

/** Polls /proc/<pid>/status (Linux) every `intervalMs` until stopped or the process is gone. */
export class RssSampler {
  private readonly samples: RssSample[] = [];
  private peakKb = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = Date.now();

  constructor(private readonly pid: number, intervalMs: number) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): RssReport {
    clearInterval(this.timer);
    return { peakMb: this.peakKb > 0 ? round1(this.peakKb / 1024) : undefined, samples: this.samples };
  }

  private sample(): void {
    let status: string;
    try { status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8'); } catch { return; }
    const rss = kb(status, 'VmRSS');
    const hwm = kb(status, 'VmHWM');
    if (rss === undefined) return;
    this.peakKb = Math.max(this.peakKb, hwm ?? 0, rss);
    this.samples.push({ tS: round1((Date.now() - this.startedAt) / 1000), rssMb: round1(rss / 1024) });
  }
}

function kb(status: string, field: string): number | undefined {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m?.[1] === undefined ? undefined : Number(m[1]);
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/** Growth of the last sample over the first one taken at or after `warmupS`, in %. */
export function rssGrowthPercent(samples: RssSample[], warmupS: number): number | undefined {
  const base = samples.find((s) => s.tS >= warmupS);
  const last = samples[samples.length - 1];
  if (base === undefined || last === undefined || last === base) return undefined;
  return round1(((last.rssMb - base.rssMb) / base.rssMb) * 100);
}
