import type { TimeseriesRow } from '../results';
import type { Comparison } from './types';

/**
 * What compare.html's charts draw, in uPlot's layout (one x array, one y array per run). The
 * timeline's x is whole seconds since each run started, so runs line up from their own start.
 */
export interface CompareChartData {
  /** Each run's label and colour (a CSS custom property: --run-base for the baseline, else --run-0…7). */
  runs: Array<{ label: string; baseline: boolean; colour: string }>;
  durationS: number;
  /** p95 (ms) and served (successful responses per second, as the runs table's rps) by second. */
  timeline: { x: number[]; p95: (number | null)[][]; served: (number | null)[][] };
  /** Runs with a stress curve: p95 and success by step target (x). */
  stress?: { runs: number[]; x: number[]; p95: (number | null)[][]; success: (number | null)[][] };
  /** Runs with spike phases: p95 per phase (x = the phase's index). */
  spike?: { runs: number[]; phases: string[]; p95: (number | null)[][] };
}

export function compareChartData(c: Comparison, rows: ReadonlyArray<readonly TimeseriesRow[]>): CompareChartData {
  const seconds = rows.map((rs) => {
    const bySecond = new Map<number, TimeseriesRow & { served: number }>();
    rs.forEach((r, i) => {
      // As report.html's load chart: rps is per bucket second; a last, shorter bucket has its failures over its own length.
      const len = Math.max(0.001, r.elapsedS - (i === 0 ? 0 : (rs[i - 1] as TimeseriesRow).elapsedS));
      bySecond.set(Math.round(r.elapsedS), { ...r, served: Math.max(0, Math.round((r.rps - r.errors / len) * 100) / 100) });
    });
    return bySecond;
  });
  const x = [...new Set(seconds.flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  const at = <T>(pick: (r: TimeseriesRow & { served: number }) => T | null): (T | null)[][] => seconds.map((m) => x.map((s) => { const r = m.get(s); return r === undefined ? null : pick(r); }));
  const data: CompareChartData = {
    runs: c.runs.map((r, i) => ({ label: r.label, baseline: r.baseline, colour: runColour(c, i) })),
    durationS: Math.max(1, ...c.runs.map((r) => r.durationS), ...x),
    timeline: { x, p95: at((r) => (r.rps > 0 ? r.p95 : null)), served: at((r) => r.served) },
  };

  const stressRuns = c.runs.map((r, i) => (r.preset?.stress === undefined ? -1 : i)).filter((i) => i >= 0);
  if (stressRuns.length > 0) {
    const curves = stressRuns.map((i) => c.runs[i]?.preset?.stress?.curve ?? []);
    const targets = [...new Set(curves.flatMap((cv) => cv.map((p) => p.target)))].sort((a, b) => a - b);
    const pick = (f: (p: { p95: number; successRate: number }) => number): (number | null)[][] =>
      curves.map((cv) => targets.map((t) => { const p = cv.find((q) => q.target === t); return p === undefined ? null : f(p); }));
    data.stress = { runs: stressRuns, x: targets, p95: pick((p) => p.p95), success: pick((p) => p.successRate * 100) };
  }

  const spikeRuns = c.runs.map((r, i) => (r.preset?.spike === undefined ? -1 : i)).filter((i) => i >= 0);
  if (spikeRuns.length > 0) {
    const phases = [...new Set(spikeRuns.flatMap((i) => c.runs[i]?.preset?.spike?.phases.map((p) => p.name) ?? []))];
    data.spike = {
      runs: spikeRuns,
      phases,
      p95: spikeRuns.map((i) => phases.map((name) => {
        const p = c.runs[i]?.preset?.spike?.phases.find((q) => q.name === name);
        return p === undefined || p.requests === 0 ? null : p.p95;
      })),
    };
  }
  return data;
}

/** The baseline grey; the other runs --run-0…7 in their order. The tables' swatches use the same. */
export function runColour(c: Comparison, i: number): string {
  if (c.runs[i]?.baseline) return '--run-base';
  const before = c.runs.slice(0, i).filter((r) => !r.baseline).length;
  return `--run-${before % 8}`;
}
