import { formatLag, formatMs, formatPct, formatRate } from '../results';
import { higherIsWorse } from './deltas';
import type { CompareMetric, Delta, RuleCheck, RuleResult } from './types';

/** A figure in its unit: `48.1ms`, `99.5%`, `20/s`, `12.3 s`; `–` when there is nothing to show. */
export function formatMetric(metric: CompareMetric, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  switch (metric) {
    case 'error_rate':
    case 'success': return formatPct(v);
    case 'rps': return formatRate(v);
    case 'lag': return formatLag(v);
    default: return formatMs(v);
  }
}

/**
 * `+12.5%` of the baseline, or the difference itself when the baseline is 0 (`+3ms`). Rates always
 * in percentage points: success 87.9% → 63.7% is `−24.18pp`, not a "-27.5%" that reads as points.
 */
export function formatDelta(metric: CompareMetric, d: Delta | undefined): string {
  if (d === undefined || d.abs === null) return '';
  if (d.abs === 0) return '±0';
  const sign = d.abs > 0 ? '+' : '−';
  const size = Math.abs(d.abs);
  if (metric === 'error_rate' || metric === 'success') return `${sign}${trimNumber(size * 100, 2)}pp`;
  if (d.pct !== null) return `${d.pct > 0 ? '+' : ''}${trimNumber(d.pct, 1)}%`;
  return `${sign}${formatMetric(metric, size)}`;
}

/** worse / better than the baseline, or '' when unchanged or not comparable. */
export function deltaTone(metric: CompareMetric, d: Delta | undefined): 'worse' | 'better' | '' {
  if (d === undefined || d.abs === null || d.abs === 0) return '';
  return (d.abs > 0) === higherIsWorse(metric) ? 'worse' : 'better';
}

/** One check in words: `b: p95 37.9ms > limit 8.3ms (baseline 7.55ms)`. */
export function checkLine(rule: RuleResult, c: RuleCheck): string {
  const what = `${rule.metric}${rule.name === undefined ? '' : `{name=${rule.name}}`}`;
  if (c.noData) return `${c.run}: ${what} no data${c.value !== null ? ' in the baseline' : ''}`;
  const base = c.baseline === null ? '' : ` (baseline ${formatMetric(rule.metric, c.baseline)})`;
  return `${c.run}: ${what} ${formatMetric(rule.metric, c.value)}, limit ${formatMetric(rule.metric, c.limit)}${base}`;
}

/** Fixed decimals without trailing zeros. */
function trimNumber(n: number, decimals: number): string {
  return String(Number(n.toFixed(decimals)));
}
