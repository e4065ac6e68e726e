import type { RequestRecord } from '../../engine';
import { parseScenario } from '../../scenario';
import { record, seededRandom } from '../test-fixtures';
import type { TimeseriesRow } from '../types';
import { buildPresetReport } from './build-preset-report';
import { PhaseRecorder, type PhaseRecorderState } from './phase-recorder';
import { StressWatch } from './stress-watch';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const MB = 1024 * 1024;

function planOf(load: string) {
  const s = parseScenario(`name: t\ntarget: http://127.0.0.1:9\nrequests: [ { name: predict } ]\nload: ${load}\n`, '/tmp/t.yaml');
  if (!s.preset) throw new Error('no preset');
  return s.preset;
}

/** `n` requests per phase at random times inside it, whole-ms latencies (some land in the next phase), ~5 % failed; in send order. */
function traffic(plan: ReturnType<typeof planOf>, n: number, seed: number): RequestRecord[] {
  const random = seededRandom(seed);
  const out: RequestRecord[] = [];
  for (const p of plan.phases) {
    const stage = p.stages[p.stages.length - 1] as number;
    for (let i = 0; i < n; i++) {
      const at = T0 + p.startMs + Math.floor(random() * p.durationMs);
      out.push(record({ stage, at, latencyMs: 1 + Math.floor(random() ** 3 * 3000), errorType: random() < 0.05 ? '503' : undefined }));
    }
  }
  return out.sort((a, b) => a.intendedStart - b.intendedStart);
}

/** What crosses a thread or a file: structured clone, then JSON. */
const carried = (s: PhaseRecorderState): PhaseRecorderState => JSON.parse(JSON.stringify(structuredClone(s))) as PhaseRecorderState;

function report(rec: PhaseRecorder, endMs: number, seconds: TimeseriesRow[] = []) {
  return buildPresetReport({ recorder: rec, startedAt: T0, endedAt: T0 + endMs, seconds });
}

describe('PhaseRecorder state/absorb: split recordings add up to one recording of everything', () => {
  const spike = planOf('{ model: open, preset: spike, spike: { baseline: 10, peak: 100, baselineDuration: 10s, spikeDuration: 10s, recoveryDuration: 10s } }');
  const records = traffic(spike, 700, 1);

  it('two shards (alternate requests) merged from their state(): the same phase table, spike figures and served counts', () => {
    const all = new PhaseRecorder(spike, T0);
    const shards = [new PhaseRecorder(spike, T0), new PhaseRecorder(spike, T0)];
    records.forEach((r, i) => { all.onRequest(r); (shards[i % 2] as PhaseRecorder).onRequest(r); });
    const merged = new PhaseRecorder(spike, T0);
    for (const s of shards) merged.absorb(carried(s.state()));
    const whole = report(all, 30_000);
    expect(report(merged, 30_000)).toEqual(whole);
    // …and the split is real: neither shard alone has the run's table.
    expect(report(shards[0] as PhaseRecorder, 30_000).phases[1]?.requests).toBe(350);
    expect(whole.phases.map((p) => p.requests)).toEqual([700, 700, 700]);
    expect(whole.phases[1]?.p99).toBeGreaterThan(whole.phases[1]?.p50 as number);
  });

  it('two workers reporting take() every few dozen requests: the coordinator that absorbs them has the same table; a take() drains', () => {
    const all = new PhaseRecorder(spike, T0);
    const workers = [new PhaseRecorder(spike, T0), new PhaseRecorder(spike, T0)];
    const coordinator = new PhaseRecorder(spike, T0);
    records.forEach((r, i) => {
      all.onRequest(r);
      (workers[i % 2] as PhaseRecorder).onRequest(r);
      if (i % 37 === 0) for (const w of workers) coordinator.absorb(carried(w.take()));
    });
    for (const w of workers) coordinator.absorb(carried(w.take()));
    expect(report(coordinator, 30_000)).toEqual(report(all, 30_000));
    expect((workers[0] as PhaseRecorder).take()).toEqual({ phases: [], intervals: [] });
  });

  it('the stress watch reads the phases the coordinator absorbed from a worker', () => {
    const stress = planOf('{ model: open, preset: stress, stress: { start: 10, step: 10, max: 30, stepDuration: 10s, breakWhen: { successBelow: 95%, p95Above: 200ms } } }');
    const coordinator = new PhaseRecorder(stress, T0);
    const worker = new PhaseRecorder(stress, T0);
    const watch = new StressWatch(stress, coordinator, T0);
    // Step 2 (stage 2) is slow: 300 ms each.
    for (let i = 0; i < 100; i++) worker.onRequest(record({ stage: 0, at: T0 + i * 100, latencyMs: 20 }));
    for (let i = 0; i < 100; i++) worker.onRequest(record({ stage: 2, at: T0 + 10_000 + i * 100, latencyMs: 300 }));
    coordinator.absorb(carried(worker.take()));
    expect(watch.check(T0 + 20_500)).toBe(false); // step 2 not settled yet
    expect(watch.check(T0 + 21_000)).toBe(true);
    expect(watch.broken?.phase).toBe(1);
  });

  it('a soak: intervals released as the run goes still merge exactly (p95 per interval), RSS stays the coordinator\'s', () => {
    const soak = planOf('{ model: open, preset: soak, soak: { target: 10, duration: 10m, warmup: 1m } }');
    const random = seededRandom(7);
    const soakRecords: RequestRecord[] = [];
    for (let i = 0; i < 6000; i++) soakRecords.push(record({ at: T0 + i * 100, latencyMs: 1 + Math.floor(random() * 400) + (i > 3000 ? 50 : 0), errorType: random() < 0.02 ? '500' : undefined }));
    const rss = (rec: PhaseRecorder): void => { for (let m = 0; m < 10; m++) rec.sampleRss(T0 + m * 60_000 + 1000, (100 + m) * MB); };

    const all = new PhaseRecorder(soak, T0);
    const shards = [new PhaseRecorder(soak, T0), new PhaseRecorder(soak, T0)];
    soakRecords.forEach((r, i) => { all.onRequest(r); (shards[i % 2] as PhaseRecorder).onRequest(r); });
    rss(all);
    rss(shards[0] as PhaseRecorder);
    // Each shard released its old intervals' histograms while running, and so does the merge.
    expect((shards[1] as PhaseRecorder).intervals.filter((b) => b.latency === undefined)).toHaveLength(7);
    const merged = new PhaseRecorder(soak, T0);
    for (const s of shards) merged.absorb(carried(s.state()));
    const whole = report(all, 600_000).soak;
    expect(report(merged, 600_000).soak).toEqual(whole);
    expect(whole?.intervals.map((i) => i.requests)).toEqual(Array(10).fill(600));
    expect(whole?.intervals[9]?.rssMb).toBe(109);

    // Workers: the coordinator samples RSS itself and absorbs the workers' requests.
    const workers = [new PhaseRecorder(soak, T0), new PhaseRecorder(soak, T0)];
    const coordinator = new PhaseRecorder(soak, T0);
    soakRecords.forEach((r, i) => {
      (workers[i % 2] as PhaseRecorder).onRequest(r);
      if (i % 300 === 0) {
        for (const w of workers) coordinator.absorb(carried(w.take()));
        coordinator.sampleRss(T0 + Math.floor(i / 600) * 60_000 + 1000, (100 + Math.floor(i / 600)) * MB);
      }
    });
    for (const w of workers) coordinator.absorb(carried(w.take()));
    expect(report(coordinator, 600_000).soak).toEqual(whole);
  });
});
