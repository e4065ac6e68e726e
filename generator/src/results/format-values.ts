import type { Summary, ThresholdResult } from './types';

/** Human forms shared by the console summary, summary.md and the progress line. */
export function formatMs(ms: number): string {
  if (ms >= 60_000) return `${trim(ms / 60_000, 2)}m`;
  if (ms >= 1000) return `${trim(ms / 1000, 2)}s`;
  if (ms >= 10) return `${trim(ms, 1)}ms`;
  if (ms >= 1) return `${trim(ms, 2)}ms`;
  return `${trim(ms * 1000, 0)}µs`;
}

export function formatPct(fraction: number): string {
  return `${trim(fraction * 100, 2)}%`;
}

export function formatRate(perS: number): string {
  return `${trim(perS, perS >= 100 ? 0 : 1)}/s`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return `${trim(v, i === 0 ? 0 : 1)} ${units[i] ?? 'B'}`;
}

/** A threshold's observed value in its own unit; "no data" when nothing was measured. */
export function formatThresholdValue(t: ThresholdResult): string {
  if (t.noData || !Number.isFinite(t.value)) return 'no data';
  switch (t.unit) {
    case 'ms': return formatMs(t.value);
    // Fixed 2 decimals: 0.99% next to a 1% limit must not print as 1%.
    case 'fraction': return `${(t.value * 100).toFixed(2)}%`;
    case 'per_s': return `${trim(t.value, 2)}/s`;
    default: return String(t.value);
  }
}

const THRESHOLD_METRIC = /^\s*(?:[A-Za-z0-9_.-]+\s*:\s*)?([a-z_0-9().]+)/;

/** `p95=123.4ms`: the metric as the user wrote it in the expression, then the observed value. */
export function thresholdObservation(t: ThresholdResult): string {
  const metric = THRESHOLD_METRIC.exec(t.expr)?.[1] ?? 'value';
  return `${metric}=${formatThresholdValue(t)}`;
}

/**
 * The peak target as far as the load got: `180/s of planned 360/s` for a run that ended early (a
 * stress run stopped at its breaking point, Ctrl-C), else `360/s`; VUs in the closed model.
 */
export function formatPeakTarget(run: Pick<Summary['run'], 'model' | 'usersOrRate' | 'peakReached'>): string {
  const unit = run.model === 'open' ? '/s' : ' VUs';
  const reached = run.peakReached ?? run.usersOrRate;
  return reached < run.usersOrRate ? `${reached}${unit} of planned ${run.usersOrRate}${unit}` : `${run.usersOrRate}${unit}`;
}

export function formatDurationS(seconds: number): string {
  if (seconds < 10) return `${trim(seconds, 1)}s`;
  const s = Math.floor(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Fixed decimals without trailing zeros: 12.50 → 12.5, 3.00 → 3. */
export function trim(n: number, decimals: number): string {
  return String(Number(n.toFixed(decimals)));
}
