import { parseScenario } from '../../scenario';
import { record } from '../test-fixtures';
import type { TimeseriesRow } from '../types';
import { buildPresetReport } from './build-preset-report';
import { presetLines } from './format-preset';
import { PhaseRecorder } from './phase-recorder';
import { presetMarkdown } from './preset-markdown';
import { StressWatch } from './stress-watch';
import { leastSquares } from './trend';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function planOf(load: string) {
  const s = parseScenario(`name: t\ntarget: http://127.0.0.1:9\nrequests: [ { name: predict } ]\nload: ${load}\n`, '/tmp/t.yaml');
  if (!s.preset) throw new Error('no preset');
  return s.preset;
}

/** `n` requests evenly over [fromMs, toMs) of the run, in `stage`, each with `latency(i)`. */
function feed(rec: PhaseRecorder, stage: number, fromMs: number, toMs: number, n: number, latency: (i: number) => number, failed: (i: number) => boolean = () => false): void {
  for (let i = 0; i < n; i++) {
    const at = T0 + fromMs + ((toMs - fromMs) * i) / n;
    rec.onRequest(record({ stage, at, latencyMs: latency(i), errorType: failed(i) ? '503' : undefined }));
  }
}

describe('leastSquares', () => {
  it('fits a line exactly and is null for one point', () => {
    expect(leastSquares([1, 3, 5, 7])).toEqual({ slope: 2, intercept: 1 });
    expect(leastSquares([4, 4, 4])).toEqual({ slope: 0, intercept: 4 });
    expect(leastSquares([1])).toBeNull();
  });
});

describe('stress report', () => {
  const plan = planOf('{ model: open, preset: stress, stress: { start: 10, step: 10, max: 40, stepDuration: 10s, breakWhen: { successBelow: 95%, p95Above: 200ms } } }');

  it('the first step beyond a bound breaks; the one before is the last good; the curve has every step', () => {
    const rec = new PhaseRecorder(plan, T0);
    feed(rec, 0, 0, 10_000, 100, () => 20);
    feed(rec, 2, 10_000, 20_000, 200, (i) => (i % 10 === 0 ? 150 : 40));
    feed(rec, 4, 20_000, 30_000, 300, () => 300);                       // p95 300 ms > 200 ms
    feed(rec, 6, 30_000, 40_000, 400, () => 50, (i) => i % 2 === 0);    // success 50 %
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 40_000, seconds: [] });
    const s = r.stress;
    expect(s?.curve.map((c) => [c.step, c.target, c.requests, c.verdict])).toEqual([
      [1, 10, 100, 'good'], [2, 20, 200, 'good'], [3, 30, 300, 'breaking'], [4, 40, 400, 'after break'],
    ]);
    expect(s?.breaking?.reasons).toEqual(['p95 300ms > 200ms']);
    expect(s?.lastGood?.step).toBe(2);
    expect(s?.stoppedEarly).toBe(false);
    expect(s?.curve[3]?.successRate).toBe(0.5);
    expect(presetLines(r)[0]).toBe('stress · breaking point at step 3 (30/s): p95 300ms > 200ms; last good step 2 (20/s)');
    // Served counts step 3's responses that arrived before the step ended: 9 of its last 300 ms are step 4's.
    expect(presetMarkdown(r).join('\n')).toContain('| 3 | 30/s | 30 | 100% | 29.1 | 300ms | 300ms | 300ms | breaking (p95 300ms > 200ms) |');
  });

  it('served: the successful responses that arrived during each step, not what was sent in it', () => {
    const rec = new PhaseRecorder(plan, T0);
    feed(rec, 0, 0, 10_000, 100, () => 5, (i) => i % 2 === 1);            // half fail: sent 10/s, served 5/s
    feed(rec, 2, 10_000, 20_000, 200, (i) => (i % 2 === 0 ? 5 : 10_000)); // half queue 10 s: they arrive in step 3
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 40_000, seconds: [] });
    expect(r.stress?.curve.map((c) => [c.step, c.rps, c.servedRps])).toEqual([[1, 10, 5], [2, 20, 10], [3, 0, 10], [4, 0, 0]]);
    expect(r.phases.map((p) => p.servedRps)).toEqual([5, 10, 10, 0]);
    const lines = presetLines(r);
    expect(lines[1]).toMatch(/^ {2}step {2}target {2}sent {2}success {2}served /);
    expect(lines[3]).toMatch(/^ {2}2 +20\/s +20\/s +100% +10\/s /);
  });

  it('with a kubernetes: section: ready pods per step in the curve, the console and summary.md', () => {
    const rec = new PhaseRecorder(plan, T0);
    for (let st = 0; st < 4; st++) feed(rec, st === 0 ? 0 : st * 2, st * 10_000, (st + 1) * 10_000, 50, () => 10);
    const scaling = {
      namespace: 'ml', watcherAvailable: true, problems: [],
      hpas: [{
        name: 'web', target: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
        timeline: [{ at: '', elapsedS: 0, current: 1, desired: 1, ready: 1 }, { at: '', elapsedS: 25, current: 3, desired: 3, ready: 3 }],
        episodes: [], maxReplicasReached: 3, timeAtMaxS: 0, deficitReplicaSeconds: 0, podFailures: [],
      }],
    };
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 40_000, seconds: [], scaling });
    expect(r.stress?.curve.map((c) => c.replicas)).toEqual([
      { web: { min: 1, max: 1, atEnd: 1 } }, { web: { min: 1, max: 1, atEnd: 1 } }, { web: { min: 1, max: 3, atEnd: 3 } }, { web: { min: 3, max: 3, atEnd: 3 } },
    ]);
    expect(presetLines(r)[4]).toMatch(/ 1–3 \(end 3\) +good$/);
    expect(presetMarkdown(r).join('\n')).toContain('| web ready | Verdict |');
  });

  it('no step broke: no breaking point, the last step is the last good one', () => {
    const rec = new PhaseRecorder(plan, T0);
    for (let st = 0; st < 4; st++) feed(rec, st === 0 ? 0 : st * 2, st * 10_000, (st + 1) * 10_000, 50, () => 10);
    const s = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 40_000, seconds: [] }).stress;
    expect(s?.breaking).toBeNull();
    expect(s?.lastGood?.step).toBe(4);
  });

  it('the live watch judges a step once it has settled and says stop; the rest is "not run"', () => {
    const rec = new PhaseRecorder(plan, T0);
    const watch = new StressWatch(plan, rec, T0);
    feed(rec, 0, 0, 10_000, 100, () => 20);
    expect(watch.check(T0 + 10_500)).toBe(false);     // step 1 ended, not yet settled (settle = 1 s)
    feed(rec, 2, 10_000, 20_000, 100, () => 20, (i) => i < 20);
    expect(watch.check(T0 + 11_000)).toBe(false);     // step 1 judged good
    expect(watch.check(T0 + 21_000)).toBe(true);      // step 2: 80 % success
    expect(watch.broken).toEqual({ phase: 1, reasons: ['success 80% < 95%'] });
    const s = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 21_000, seconds: [], liveBreak: watch.broken }).stress;
    expect(s?.curve.map((c) => c.verdict)).toEqual(['good', 'breaking', 'not run', 'not run']);
    expect(s?.stoppedEarly).toBe(true);
  });
});

describe('spike report', () => {
  const plan = planOf('{ model: open, preset: spike, spike: { baseline: 10, peak: 100, baselineDuration: 10s, spikeDuration: 10s, recoveryDuration: 10s, recoveryWindow: 3s } }');

  it('latency increase per phase, success per phase and time to recover from the per-second rows', () => {
    const rec = new PhaseRecorder(plan, T0);
    feed(rec, 0, 0, 10_000, 100, () => 100);
    feed(rec, 2, 10_000, 20_000, 1000, () => 400, (i) => i % 10 === 0);
    feed(rec, 4, 20_000, 30_000, 100, (i) => (i < 40 ? 200 : 110));
    // Per-second rows: recovery seconds 21–24 still slow, 25 has an error, from 26 on fine.
    const seconds: TimeseriesRow[] = [];
    for (let s = 1; s <= 30; s++) {
      const slow = s > 20 && s <= 24;
      seconds.push({
        time: new Date(T0 + s * 1000).toISOString(), elapsedS: s, stage: 0, target: 0, rps: 10,
        p50: 100, p95: slow ? 200 : 110, p99: 0, errors: s === 25 ? 1 : 0, vus: 0, inFlight: 0, dropped: 0,
      });
    }
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 30_000, seconds });
    expect(r.phases.map((p) => [p.name, p.requests, p.successRate])).toEqual([['baseline', 100, 1], ['spike', 1000, 0.9], ['recovery', 100, 1]]);
    expect(r.spike).toEqual({
      spikeIncreasePct: { avg: 300, p95: 300 },
      recoveryIncreasePct: { avg: 46, p95: 100 },
      successRate: { baseline: 1, spike: 0.9, recovery: 1 },
      recoveredBelowMs: 120,
      timeToRecoverS: 5,
    });
    const lines = presetLines(r).join('\n');
    expect(lines).toContain('spike vs baseline: avg +300%, p95 +300%; recovery vs baseline: avg +46%, p95 +100%');
    expect(lines).toContain('time to recover: 5s after the spike (p95 ≤ 120ms, error-free)');
  });

  it('never back within the run → null, said plainly', () => {
    const rec = new PhaseRecorder(plan, T0);
    feed(rec, 0, 0, 10_000, 100, () => 100);
    feed(rec, 4, 20_000, 30_000, 100, () => 500);
    const seconds: TimeseriesRow[] = [{ time: new Date(T0 + 25_000).toISOString(), elapsedS: 25, stage: 4, target: 10, rps: 10, p50: 500, p95: 500, p99: 500, errors: 0, vus: 0, inFlight: 0, dropped: 0 }];
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 30_000, seconds });
    expect(r.spike?.timeToRecoverS).toBeNull();
    expect(presetLines(r).join('\n')).toContain('time to recover: not within the run');
  });
});

describe('soak report', () => {
  const plan = planOf('{ model: open, preset: soak, soak: { target: 10, duration: 10m, warmup: 1m, maxLatencyDrift: 10% } }');

  it('a per-minute table and a stable verdict when latency, errors and memory are flat', () => {
    const rec = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 10; m++) {
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 600, () => (m === 0 ? 500 : 100 + (m % 2)));
      rec.sampleRss(T0 + m * 60_000 + 1000, 100 * 1024 * 1024);
    }
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 600_000, seconds: [] });
    const soak = r.soak;
    expect(soak?.intervals).toHaveLength(10);
    expect(soak?.intervals[0]).toMatchObject({ index: 1, startS: 0, requests: 600, rps: 10, avg: 500, successRate: 1, errors: 0, rssMb: 100, complete: true });
    // The warm-up minute (500 ms) is left out of the fit.
    expect(soak?.drift.points).toBe(9);
    expect(soak?.drift.verdict).toBe('stable');
    expect(soak?.drift.memory).toMatchObject({ change: 0, ok: true });
    expect(presetLines(r)[0]).toMatch(/^soak · drift: STABLE over 9 intervals: latency [+-][\d.]+% \(≤ \+10%\), error rate \+0\.00 pp \(≤ \+1 pp\), generator memory \+0% \(≤ \+20%\)$/);
    expect(presetMarkdown(r).join('\n')).toContain('| Minute | RPS | Avg | p95 | Success | Errors | Generator RSS |');
    // Bounded memory: only the newest intervals keep a histogram (60 s timeout → 2 behind the newest).
    expect(rec.intervals.map((i) => i.latency !== undefined)).toEqual([false, false, false, false, false, false, false, true, true, true]);
  });

  it('latency growing 5 % a minute and a leaking generator are drift', () => {
    const rec = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 10; m++) {
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 60, () => 100 * (1 + 0.05 * m));
      rec.sampleRss(T0 + m * 60_000 + 1000, (100 + 10 * m) * 1024 * 1024);
    }
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 600_000, seconds: [] });
    const d = r.soak?.drift;
    expect(d?.verdict).toBe('drifting');
    // The verdict names what tripped (✗), each trend with its sign, the limits on a rise.
    expect(presetLines(r)[0]).toBe('soak · drift: DRIFTING (latency, generator memory) over 9 intervals: ' +
      'latency +38.1% (≤ +10%) ✗, error rate +0.00 pp (≤ +1 pp), generator memory +72.73% (≤ +20%) ✗');
    // minutes 2..10 (after the warm-up): 105 → 145 ms, fitted exactly
    expect(d?.latency?.slopePerInterval).toBeCloseTo(5, 3);
    expect(d?.latency?.relative).toBeCloseTo(40 / 105, 3);
    expect(d?.latency?.ok).toBe(false);
    // The fitted line itself, for the report's trend: from 105 ms at minute 2 to 145 ms at minute 10.
    expect(d?.fitted).toEqual({ first: 2, last: 10 });
    expect(d?.latency?.start).toBeCloseTo(105, 3);
    expect(d?.memory?.ok).toBe(false);
    expect(d?.errorRate?.ok).toBe(true);
  });

  it('falling latency, errors and memory are no drift: the trends keep their sign, the verdict is stable', () => {
    const rec = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 10; m++) {
      // After the warm-up minute: 190 → 110 ms, 16 % → 0 % failed, 190 → 110 MiB (memory given back).
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 100, () => 200 - 10 * m, (i) => i < 2 * (9 - m));
      rec.sampleRss(T0 + m * 60_000 + 1000, (200 - 10 * m) * 1024 * 1024);
    }
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 600_000, seconds: [] });
    const d = r.soak?.drift;
    expect([d?.latency?.relative, d?.latency?.ok, d?.errorRate?.change, d?.errorRate?.ok, d?.memory?.slopePerInterval, d?.memory?.relative, d?.memory?.ok])
      .toEqual([-0.4211, true, -0.16, true, -10, -0.4211, true]);
    expect(d?.verdict).toBe('stable');
    expect(presetLines(r)[0]).toBe('soak · drift: STABLE over 9 intervals: latency -42.11% (≤ +10%), error rate -16.00 pp (≤ +1 pp), generator memory -42.11% (≤ +20%)');
    expect(presetMarkdown(r).join('\n')).toContain('Least-squares trend over the run (drift is a rise beyond the limit; a fall is none): ' +
      'avg latency -42.11% (within +10%), p95 -42.11% (not judged), error rate -16.00 pp (within +1 pp), generator RSS -42.11% (within +20%).');
  });

  it('memory in MiB everywhere; with pod samples, the largest pod per interval in summary.json, the console and summary.md', () => {
    const fiveMinutes = planOf('{ model: open, preset: soak, soak: { target: 1, duration: 5m, warmup: 1m } }');
    const rec = new PhaseRecorder(fiveMinutes, T0);
    for (let m = 0; m < 5; m++) {
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 60, () => 100);
      rec.sampleRss(T0 + m * 60_000 + 1000, 100 * 1024 * 1024);
    }
    const MIB = 1024 * 1024;
    // Two pods in minute 1, one in minute 3; one sample before the start and one after the end count nowhere.
    const podMemory = [
      { at: T0 - 5000, memoryBytes: 999 * MIB }, { at: T0 + 30_000, memoryBytes: 200 * MIB }, { at: T0 + 30_000, memoryBytes: 300 * MIB },
      { at: T0 + 150_000, memoryBytes: 210.26 * MIB }, { at: T0 + 400_000, memoryBytes: 999 * MIB },
    ];
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_000, seconds: [], podMemory });
    expect(r.soak?.intervals.map((i) => [i.podMemoryMiB, i.rssMb])).toEqual([[300, 100], [null, 100], [210.3, 100], [null, 100], [null, 100]]);
    const lines = presetLines(r);
    expect(lines[1]?.trim().split(/\s{2,}/)).toEqual(['minute', 'rps', 'avg', 'p95', 'success', 'errors', 'largest pod', 'generator rss']);
    expect(lines[2]?.trim().split(/\s{2,}/)).toEqual(['1', '1/s', '100ms', '100ms', '100%', '0', '300 MiB', '100 MiB']);
    expect(lines[3]?.trim().split(/\s{2,}/)).toEqual(['2', '1/s', '100ms', '100ms', '100%', '0', '-', '100 MiB']);
    const md = presetMarkdown(r).join('\n');
    expect(md).toContain('| Minute | RPS | Avg | p95 | Success | Errors | Pod memory (largest pod) | Generator RSS |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n' +
      '| 1 | 1 | 100ms | 100ms | 100% | 0 | 300 MiB | 100 MiB |\n| 2 | 1 | 100ms | 100ms | 100% | 0 | - | 100 MiB |');
    expect(md).not.toMatch(/\bMB\b/);
    // Without a kubernetes: section there is no such field and no column.
    const plain = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_000, seconds: [] });
    expect(plain.soak?.intervals[0]).not.toHaveProperty('podMemoryMiB');
    expect(presetLines(plain)[2]?.trim().split(/\s{2,}/)).toEqual(['1', '1/s', '100ms', '100ms', '100%', '0', '100 MiB']);
    expect(presetMarkdown(plain).join('\n')).toContain('| Minute | RPS | Avg | p95 | Success | Errors | Generator RSS |\n|---:|---:|---:|---:|---:|---:|---:|\n| 1 | 1 | 100ms | 100ms | 100% | 0 | 100 MiB |');
  });

  it('rising errors alone are drift; under three complete intervals is "too short"', () => {
    const rec = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 6; m++) feed(rec, 0, m * 60_000, (m + 1) * 60_000, 1000, () => 100, (i) => i < m);   // +0.1 pp a minute
    expect(buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 360_000, seconds: [] }).soak?.drift.errorRate)
      .toMatchObject({ ok: true });
    const steep = new PhaseRecorder(plan, T0);
    for (let m = 0; m < 6; m++) feed(steep, 0, m * 60_000, (m + 1) * 60_000, 100, () => 100, (i) => i < 3 * m);
    const d = buildPresetReport({ recorder: steep, startedAt: T0, endedAt: T0 + 360_000, seconds: [] }).soak?.drift;
    expect(d?.verdict).toBe('drifting');
    expect(d?.errorRate?.change).toBeCloseTo(0.12, 6);
    const short = new PhaseRecorder(plan, T0);
    feed(short, 0, 0, 150_000, 100, () => 100);
    const s = buildPresetReport({ recorder: short, startedAt: T0, endedAt: T0 + 150_000, seconds: [] }).soak;
    expect(s?.intervals.map((i) => i.complete)).toEqual([true, true, false]);
    expect(s?.drift.verdict).toBe('too short');
  });

  it('no phantom interval after the end: as many rows as whole intervals', () => {
    const fiveMinutes = planOf('{ model: open, preset: soak, soak: { target: 10, duration: 5m, warmup: 1m } }');
    const rec = new PhaseRecorder(fiveMinutes, T0);
    for (let m = 0; m < 5; m++) {
      feed(rec, 0, m * 60_000, (m + 1) * 60_000, 60, () => 100);
      rec.sampleRss(T0 + m * 60_000 + 1000, 100 * 1024 * 1024);
    }
    // The last tick samples RSS just after the end (its second ran past it): that opened minute 6.
    rec.sampleRss(T0 + 300_400, 100 * 1024 * 1024);
    expect(rec.intervals).toHaveLength(6);
    const s = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_600, seconds: [] }).soak;
    expect(s?.intervals.map((i) => [i.index, i.requests, i.complete])).toEqual([[1, 60, true], [2, 60, true], [3, 60, true], [4, 60, true], [5, 60, true]]);
    expect(presetMarkdown(buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 300_600, seconds: [] })).join('\n')).not.toContain('(partial)');
  });
});

describe('phases with a kubernetes: section', () => {
  it('ready replicas per HPA during each phase: range and where it ended', () => {
    const plan = planOf('{ model: closed, preset: progressive, progressive: { phases: [ { name: low, duration: 10s, target: 5 }, { name: high, duration: 10s, target: 50 }, { name: down, duration: 10s, target: 5 } ] } }');
    const rec = new PhaseRecorder(plan, T0);
    const scaling = {
      namespace: 'ml', watcherAvailable: true, problems: [],
      hpas: [{
        name: 'web', target: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5,
        timeline: [
          { at: '', elapsedS: 0, current: 1, desired: 1, ready: 1 },
          { at: '', elapsedS: 12, current: 3, desired: 3, ready: 2 },
          { at: '', elapsedS: 15, current: 3, desired: 3, ready: 3 },
          { at: '', elapsedS: 27, current: 1, desired: 1, ready: 1 },
        ],
        episodes: [], maxReplicasReached: 3, timeAtMaxS: 0, deficitReplicaSeconds: 0, podFailures: [],
      }],
    };
    const r = buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + 30_000, seconds: [], scaling });
    expect(r.phases.map((p) => p.replicas)).toEqual([
      { web: { min: 1, max: 1, atEnd: 1 } },
      { web: { min: 1, max: 3, atEnd: 3 } },
      { web: { min: 1, max: 3, atEnd: 1 } },
    ]);
    const lines = presetLines(r);
    expect(lines[1]).toMatch(/web ready$/);
    expect(lines[3]).toMatch(/1–3 \(end 3\)$/);
    expect(presetMarkdown(r).join('\n')).toMatch(/\| Phase \| Target .* \| web ready \|/);
  });
});
