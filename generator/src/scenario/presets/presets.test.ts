import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describePlan, loadScenario, type ClosedLoad, type OpenLoad } from '../index';
import { loadMatrix, matrixCells } from '../../matrix';
import { parse, scenarioErrorOf, withLoad } from '../test-helpers';

const open = (load: string): { load: OpenLoad; preset: NonNullable<ReturnType<typeof parse>['preset']> } => {
  const s = parse(withLoad(load));
  if (s.load.model !== 'open' || !s.preset) throw new Error('expected an open preset');
  return { load: s.load, preset: s.preset };
};
const closed = (load: string): { load: ClosedLoad; preset: NonNullable<ReturnType<typeof parse>['preset']> } => {
  const s = parse(withLoad(load));
  if (s.load.model !== 'closed' || !s.preset) throw new Error('expected a closed preset');
  return { load: s.load, preset: s.preset };
};
const rates = (l: OpenLoad): Array<[number, number]> => l.stages.map((s) => [s.durationMs, s.rate]);
const vus = (l: ClosedLoad): Array<[number, number]> => l.stages.map((s) => [s.durationMs, s.vus]);

describe('spike preset', () => {
  it('defaults: the seeds\' 2 → 15 → 2 req/s, 30 s each, jumps as 0 s stages', () => {
    const { load, preset } = open('{ model: open, preset: spike }');
    expect(load.startRate).toBe(2);
    expect(rates(load)).toEqual([[30_000, 2], [0, 15], [30_000, 15], [0, 2], [30_000, 2]]);
    expect(preset.phases.map((p) => [p.name, p.stages, p.startMs, p.durationMs])).toEqual([
      ['baseline', [0], 0, 30_000], ['spike', [1, 2], 30_000, 30_000], ['recovery', [3, 4], 60_000, 30_000],
    ]);
    expect(preset.spike).toEqual({ baseline: 2, peak: 15, recoveryTolerance: 0.2, recoveryWindowMs: 5_000 });
  });

  it('parameters, ramps and VUs for the closed model', () => {
    const { load, preset } = closed('{ model: closed, preset: spike, spike: { baseline: 10, peak: 200, baselineDuration: 1m, spikeDuration: 2m, recoveryDuration: 3m, ramp: 10s, recoveryTolerance: "50%", recoveryWindow: 30s } }');
    expect(load.startVus).toBe(10);
    expect(vus(load)).toEqual([[60_000, 10], [10_000, 200], [120_000, 200], [10_000, 10], [180_000, 10]]);
    expect(preset.unit).toBe('vus');
    expect(preset.spike).toMatchObject({ recoveryTolerance: 0.5, recoveryWindowMs: 30_000 });
  });
});

describe('stress preset', () => {
  it('defaults: the seeds\' 1, 4, … 28 req/s for 60 s each; success < 95 % or avg > 10 s breaks', () => {
    const { load, preset } = open('{ model: open, preset: stress }');
    const steps = [1, 4, 7, 10, 13, 16, 19, 22, 25, 28];
    expect(preset.phases.map((p) => p.to)).toEqual(steps);
    expect(rates(load)).toEqual(steps.flatMap((r, i) => (i === 0 ? [[60_000, r]] : [[0, r], [60_000, r]])));
    expect(preset.stress).toEqual({ breakWhen: { successBelow: 0.95, avgAboveMs: 10_000 }, stopAtBreak: true });
  });

  it('a p95 bound alone replaces the default average bound; max is included when a step lands on it', () => {
    const { load, preset } = open('{ model: open, preset: stress, stress: { start: 10, step: 10, max: 30, stepDuration: 5s, ramp: 1s, breakWhen: { p95Above: 500ms, successBelow: 0.99 }, stopAtBreak: false } }');
    expect(rates(load)).toEqual([[5_000, 10], [1_000, 20], [5_000, 20], [1_000, 30], [5_000, 30]]);
    expect(preset.stress).toEqual({ breakWhen: { successBelow: 0.99, p95AboveMs: 500 }, stopAtBreak: false });
    expect(preset.phases.map((p) => p.stages)).toEqual([[0], [1, 2], [3, 4]]);
  });

  it('bad bounds are errors at their field', () => {
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: stress, stress: { start: 50, max: 10 } }'))).message)
      .toBe('/tmp/s.yaml:5:64: load.stress.max: is below start (50)');
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: stress, stress: { breakWhen: { successBelow: "120%" } } }'))).message)
      .toMatch(/load\.stress\.breakWhen\.successBelow: "120%" is not a fraction/);
  });
});

describe('soak preset', () => {
  it('one constant phase with the drift settings', () => {
    const { load, preset } = open('{ model: open, preset: soak, soak: { target: 50, duration: 2h, warmup: 5m, maxLatencyDrift: 5% } }');
    expect(rates(load)).toEqual([[7_200_000, 50]]);
    expect(preset.soak).toEqual({ intervalMs: 60_000, warmupMs: 300_000, maxLatencyDrift: 0.05, maxErrorDrift: 0.01, maxMemoryDrift: 0.2 });
  });

  it('defaults: the seeds\' 5 req/s for 10 minutes', () => {
    expect(rates(open('{ model: open, preset: soak }').load)).toEqual([[600_000, 5]]);
  });
});

describe('daily preset', () => {
  it('weekday, 06:00–22:00 at timeScale 60: 30 → evening peak 500 VUs, one ramping stage per segment of the curve', () => {
    const { load, preset } = closed('{ model: closed, preset: daily, daily: { timeScale: 60 } }');
    expect(load.startVus).toBe(30);
    // 16 h / 60 = 16 min; shares of 470 above 30: 07:00 .25, 09:00 .55, 11:00 .45, 12:30 .6, 14:00 .45, 17:00 .6, 19:00 .85, 20:00 1, 21:00 .7, 22:00 .3
    expect(vus(load)).toEqual([
      [60_000, 148], [120_000, 289], [120_000, 242], [90_000, 312], [90_000, 242],
      [180_000, 312], [120_000, 430], [60_000, 500], [60_000, 359], [60_000, 171],
    ]);
    expect(preset.phases[0]).toMatchObject({ name: '06:00–07:00', modelStartMs: 0, startMs: 0, durationMs: 60_000 });
    expect(preset.phases[7]).toMatchObject({ name: '19:00–20:00', to: 500, modelStartMs: 13 * 3_600_000 });
    expect(preset.timeScale).toBe(60);
  });

  it('weekend from 80 to 600 with an early-morning rush; a whole day when asked', () => {
    const { load } = closed('{ model: closed, preset: daily, daily: { shape: weekend, from: "00:00", to: "24:00", timeScale: 1440 } }');
    const total = load.stages.reduce((s, st) => s + st.durationMs, 0);
    expect(total).toBe(60_000);
    const values = load.stages.map((s) => s.vus);
    expect(Math.max(...values)).toBe(600);
    expect(Math.min(load.startVus ?? 0, ...values)).toBe(80);
    // 08:00 rush (0.6) comes before a lull at 10:00 (0.4)
    expect(values[3]).toBe(80 + 0.6 * 520);
    expect(values[4]).toBe(80 + 0.4 * 520);
  });

  it('user points are interpolated at from/to', () => {
    const { load } = open('{ model: open, preset: daily, daily: { points: [ { at: "08:00", target: 10 }, { at: "12:00", target: 50 }, { at: "20:00", target: 10 } ], from: "10:00", to: "16:00", timeScale: 3600 } }');
    expect(load.startRate).toBe(30);
    expect(rates(load)).toEqual([[2_000, 50], [4_000, 30]]);
  });

  it('points out of order and shape with points are errors', () => {
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: daily, daily: { points: [ { at: "12:00", target: 1 }, { at: "08:00", target: 2 } ] } }'))).message)
      .toMatch(/load\.daily\.points\[1\]\.at: points must be in ascending time order/);
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: daily, daily: { shape: weekday, points: [ { at: "12:00", target: 1 }, { at: "18:00", target: 2 } ] } }'))).message)
      .toMatch(/load\.daily\.points: use either shape/);
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: daily, daily: { from: "25:00" } }'))).message)
      .toMatch(/load\.daily\.from: expected a time of day/);
  });
});

describe('progressive preset', () => {
  it('the training profile: 11 one-hour phases, 8 → 115 → 30 → 84 → 10 VUs; timeScale 60 → 11 minutes', () => {
    const { load, preset } = closed('{ model: closed, preset: progressive, progressive: { profile: training, timeScale: 60 } }');
    expect(load.startVus).toBe(8);
    expect(vus(load)).toEqual([
      [60_000, 12],
      [0, 25], [60_000, 35],
      [0, 50], [60_000, 58],
      [0, 75], [60_000, 85],
      [0, 105], [60_000, 115],
      [0, 90], [60_000, 30],
      [0, 28], [60_000, 32],
      [0, 50], [60_000, 56],
      [0, 78], [60_000, 84],
      [0, 65], [15_000, 82], [15_000, 65], [15_000, 82], [15_000, 65],
      [0, 50], [60_000, 10],
    ]);
    expect(preset.phases.map((p) => p.name)).toEqual([
      'warm-up (1 replica)', 'scale to 2', 'scale to 3', 'scale to 4', 'scale to 5', 'scale down to 2',
      'hold 2', 'scale to 3 again', 'scale to 4 again', 'oscillate 3↔4', 'cool down to 1',
    ]);
    expect(preset.phases[10]).toMatchObject({ startMs: 600_000, modelStartMs: 36_000_000, from: 50, to: 10 });
  });

  it('user phases ramp on from where the previous ended; scale multiplies targets', () => {
    const { load, preset } = open('{ model: open, preset: progressive, progressive: { scale: 2, phases: [ { name: low, duration: 10s, target: 5 }, { name: up, duration: 20s, target: 20 }, { name: wave, duration: 30s, from: 10, targets: [30, 10, 30] } ] } }');
    expect(load.startRate).toBe(10);
    expect(rates(load)).toEqual([[10_000, 10], [20_000, 40], [0, 20], [10_000, 60], [10_000, 20], [10_000, 60]]);
    expect(preset.phases.map((p) => [p.name, p.from, p.to])).toEqual([['low', 10, 10], ['up', 10, 40], ['wave', 20, 60]]);
  });

  it('a phase needs exactly one of target and targets', () => {
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: progressive, progressive: { phases: [ { name: x, duration: 1s } ] } }'))).message)
      .toMatch(/load\.progressive\.phases\[0\]: needs exactly one of target or targets/);
  });
});

describe('presets and the rest of load:', () => {
  it('a preset and stages in the file is an error', () => {
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: soak, rate: 5, duration: 1m }'))).message)
      .toMatch(/load\.rate: the soak preset writes the stages; remove rate/);
  });

  it('--preset picks a preset block from the file (or its defaults) and replaces the file\'s stages', () => {
    const yaml = withLoad('{ model: open, rate: 5, duration: 1m, maxInFlight: 77, stress: { start: 2, step: 2, max: 6, stepDuration: 1s } }');
    const plain = parse(yaml);
    expect(plain.preset).toBeUndefined();
    const stress = parse(yaml, { preset: 'stress' });
    expect(stress.preset?.phases.map((p) => p.to)).toEqual([2, 4, 6]);
    expect(stress.load.model === 'open' && stress.load.maxInFlight).toBe(77);
    expect(parse(yaml, { preset: 'spike' }).preset?.spike?.peak).toBe(15);
    expect(scenarioErrorOf(() => parse(yaml, { preset: 'storm' })).message).toBe('--preset: storm: unknown preset (choose one of spike, stress, soak, daily, progressive)');
  });

  it('an unknown field in a preset block gets a hint', () => {
    expect(scenarioErrorOf(() => parse(withLoad('{ model: open, preset: spike, spike: { peek: 3 } }'))).message)
      .toMatch(/load\.spike: unknown field "peek" \(did you mean "peak"\?\)|load\.spike\.peek: unknown field \(did you mean "peak"\?\)/);
  });

  it('validate prints the phases, and every stage with --expand', () => {
    const s = parse(withLoad('{ model: open, preset: stress, stress: { start: 1, step: 1, max: 2, stepDuration: 10s } }'));
    const short = describePlan(s);
    expect(short).toContain('preset: stress (2 phases, targets in req/s)');
    expect(short).toContain('breaking point: a step with success < 95% or avg > 10s; the run stops there');
    expect(short).toMatch(/step 2\s+at 10s\s+for 10s\s+2 req\/s\s+stages 1–2/);
    expect(short).not.toContain('stages:');
    const expanded = describePlan(s, { expand: true });
    expect(expanded).toMatch(/stages:\n {2}0: 10s\s+1 req\/s\n {2}1: 0ms\s+1 → 2 req\/s\n {2}2: 10s\s+2 req\/s/);
    expect(expanded).toContain('total: 20s, ~30 requests, maxInFlight 1000, 3 stages');
  });
});

describe('generator/scenarios examples', () => {
  const dir = path.resolve(__dirname, '../../../scenarios');
  // A matrix file names the scenario it varies (`scenario:`); `loadMatrix` validates both.
  const isMatrix = (file: string): boolean => /^scenario:/m.test(readFileSync(path.join(dir, file), 'utf8'));
  const yamls = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it.each(yamls.filter((f) => !isMatrix(f)))('%s validates', (file) => {
    expect(loadScenario(path.join(dir, file)).requests.length).toBeGreaterThan(0);
  });
  it.each(yamls.filter(isMatrix))('matrix %s validates', (file) => {
    expect(matrixCells(loadMatrix(path.join(dir, file), { target: 'http://127.0.0.1:1' })).length).toBeGreaterThan(0);
  });
});
