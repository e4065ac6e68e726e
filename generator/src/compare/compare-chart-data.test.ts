import type { TimeseriesRow } from '../results';
import { compareChartData, runColour } from './compare-chart-data';
import type { ComparedRun, Comparison, Figures, RunPreset } from './types';

const figures: Figures = { requests: 1, failed: 0, p50: 1, p95: 1, p99: 1, avg: 1, error_rate: 0, success: 1, rps: 1, lag: null };

function run(label: string, baseline: boolean, durationS: number, preset?: RunPreset): ComparedRun {
  return { label, dir: label, id: label, scenario: 's', status: 'passed', model: 'open', startedAt: '', durationS, peakTarget: 1, baseline, totals: figures, requests: {}, hpas: [], ...(preset ? { preset } : {}) };
}

function row(elapsedS: number, rps: number, p95: number, errors = 0): TimeseriesRow {
  return { time: '', elapsedS, stage: 0, target: 0, rps, p50: p95, p95, p99: p95, errors, vus: 0, inFlight: 0, dropped: 0 };
}

describe('compare.html chart data', () => {
  it('aligns runs on whole seconds from their own start; idle seconds and missing ones are gaps', () => {
    const c = { runs: [run('a', true, 2.004), run('b', false, 3.01)] } as Comparison;
    const data = compareChartData(c, [[row(1.002, 10, 5), row(2.004, 0, 0)], [row(0.998, 20, 50), row(2.001, 20, 60), row(3.01, 18, 70)]]);
    expect(data.timeline).toEqual({ x: [1, 2, 3], p95: [[5, null, null], [50, 60, 70]], served: [[10, 0, null], [20, 20, 18]] });
    expect(data.durationS).toBe(3.01);
    expect(data.runs).toEqual([{ label: 'a', baseline: true, colour: '--run-base' }, { label: 'b', baseline: false, colour: '--run-0' }]);
    expect(data.stress).toBeUndefined();
    expect(data.spike).toBeUndefined();
  });

  it('"Served rate over time" draws successful responses per second, not every completed request', () => {
    // A spike second: 60 completed, 28 of them 503s → 32 served; a last bucket of 0.5 s with 2 failures of 10/s → 6/s.
    const c = { runs: [run('a', true, 2.5), run('b', false, 1)] } as Comparison;
    const data = compareChartData(c, [[row(1, 60, 300, 28), row(2, 5, 10), row(2.5, 10, 10, 2)], [row(1, 8, 10)]]);
    expect(data.timeline.served).toEqual([[32, 5, 6], [8, null, null]]);
  });

  it('stress curves on the union of step targets; spike phases by name', () => {
    const point = (target: number, p95: number) => ({ step: 1, target, rps: target, successRate: 0.5, p95, verdict: 'good' });
    const stress = (targets: Array<[number, number]>): RunPreset => ({ name: 'stress', stress: { breakingStep: null, breakingTarget: null, lastGoodTarget: null, reasons: [], curve: targets.map(([t, p]) => point(t, p)) } });
    const phase = (name: string, p95: number, requests = 10) => ({ name, target: 1, rps: 1, served: 1, successRate: 1, p95, p99: p95, requests });
    const c = { runs: [
      run('base', true, 1, stress([[10, 5], [20, 8]])),
      run('plain', false, 1),
      run('more', false, 1, stress([[10, 6], [30, 90]])),
      run('spiky', false, 1, { name: 'spike', spike: { phases: [phase('baseline', 4), phase('spike', 40), phase('recovery', 0, 0)], spikeIncreasePct: 900, timeToRecoverS: null } }),
    ] } as Comparison;
    const data = compareChartData(c, [[], [], [], []]);
    expect(data.stress).toEqual({ runs: [0, 2], x: [10, 20, 30], p95: [[5, 8, null], [6, null, 90]], success: [[50, 50, null], [50, null, 50]] });
    expect(data.spike).toEqual({ runs: [3], phases: ['baseline', 'spike', 'recovery'], p95: [[4, 40, null]] });
    expect(c.runs.map((_, i) => runColour(c, i))).toEqual(['--run-base', '--run-0', '--run-1', '--run-2']);
  });
});
