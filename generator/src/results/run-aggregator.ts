import type { EngineGauges, FlowRecord, RequestRecord, RunObserver } from '../engine';
import { everyRequest, totalDurationMs, type Scenario } from '../scenario';
import { FlowRecorder } from './flow-recorder';
import type { RunStatus, ScalingSection, SpanAccounting, StageStats, Summary, ThresholdResult, TimeseriesRow } from './types';
import type { AggregatorState, HistogramFormat, LatencyState } from './aggregator-state';
import { BreakdownRecorder, round2, sortedCounts } from './breakdown-recorder';
import { mergeSecond } from './merge-second';
import { FailureSampler, type FailureSamplingLimits, type SampledFailure } from './failure-sampler';
import { LatencyRecorder } from './latency-recorder';
import { evaluateThresholds } from './thresholds';
import { runWarnings } from './run-warnings';
import { peakReached, roundS, runTarget, stageTarget, usersOrRate } from './scenario-facts';

export interface RunAggregatorOptions {
  scenario: Scenario;
  runId: string;
  /** Epoch ms. */
  startedAt: number;
  /** Keep each second's latency histogram so state() can be merged second by second (workers, shards). */
  keepSecondHistograms?: boolean;
  /** Failed requests kept for failures.jsonl (defaults: DEFAULT_FAILURE_SAMPLING). */
  failureSampling?: FailureSamplingLimits;
  /** Random source of the failure reservoir (tests seed it). */
  random?: () => number;
}

export interface SummaryMeta {
  endedAt: number;
  status: RunStatus;
  spans: SpanAccounting;
  telemetry: Summary['telemetry'];
  scaling?: ScalingSection;
  /** The engine's outcome: a `pick: unique` data source ran out and ended the run (summary `dataExhausted`, a warning). */
  dataExhausted?: string;
}

/**
 * Folds engine events into exact (HDR) statistics: totals, per request name, per stage and
 * per-second buckets for timeseries.csv. onRequest is on the hot path: no allocation per request.
 */
export class RunAggregator implements RunObserver {
  private readonly scenario: Scenario;
  private readonly runId: string;
  private readonly startedAt: number;
  private readonly total = new BreakdownRecorder();
  private readonly byName = new Map<string, BreakdownRecorder>();
  private readonly byFlow = new Map<string, FlowRecorder>();
  private readonly byStage: BreakdownRecorder[] = [];
  private readonly stageStarts: number[] = [];
  private readonly stageDropped: number[] = [];
  private dropped = 0;
  private bytesReceived = 0;
  // The open 1-s bucket, reused every tick.
  private readonly second = new LatencyRecorder();
  private secondErrors = 0;
  private readonly secondErrorTypes = new Map<string, number>();
  private readonly failures: FailureSampler;
  private secondDropped = 0;
  private lastTick: number;
  private readonly rows: TimeseriesRow[] = [];
  private readonly keepSeconds: boolean;
  private readonly secondStates: LatencyState[] = [];

  constructor(opts: RunAggregatorOptions) {
    this.scenario = opts.scenario;
    this.runId = opts.runId;
    this.startedAt = opts.startedAt;
    this.keepSeconds = opts.keepSecondHistograms ?? false;
    this.lastTick = opts.startedAt;
    for (const req of everyRequest(opts.scenario)) this.byName.set(req.name, new BreakdownRecorder());
    for (const flow of opts.scenario.flows) this.byFlow.set(flow.name, new FlowRecorder());
    this.failures = new FailureSampler(opts.failureSampling, opts.random);
  }

  onRequest(r: RequestRecord): void {
    const latency = r.end - r.intendedStart;
    const lag = r.start - r.intendedStart;
    this.total.record(r, latency, lag);
    let named = this.byName.get(r.name);
    if (named === undefined) {
      named = new BreakdownRecorder();
      this.byName.set(r.name, named);
    }
    named.record(r, latency, lag);
    (this.byStage[r.stage] ?? this.newStage(r.stage)).record(r, latency, lag);
    this.second.record(latency);
    if (r.errorType !== undefined) this.onFailure(r);
    this.bytesReceived += r.bytesReceived;
  }

  /** Only failed requests get here: successes pay nothing for the failure sample. */
  private onFailure(r: RequestRecord): void {
    this.secondErrors++;
    const type = r.errorType as string;
    this.secondErrorTypes.set(type, (this.secondErrorTypes.get(type) ?? 0) + 1);
    this.failures.record(r);
  }

  onDropped(stage: number, _at: number): void {
    this.dropped++;
    this.secondDropped++;
    this.stageDropped[stage] = (this.stageDropped[stage] ?? 0) + 1;
  }

  onStage(stage: number, at: number): void {
    if (this.stageStarts[stage] === undefined) this.stageStarts[stage] = at;
  }

  onFlow(f: FlowRecord): void {
    let rec = this.byFlow.get(f.name);
    if (rec === undefined) this.byFlow.set(f.name, (rec = new FlowRecorder()));
    rec.record(f);
  }

  /**
   * Closes the current bucket [previous tick, now) and returns its row (kept for timeseries.csv).
   * An `at` before the previous tick (the load's end, reported by a worker just after a tick)
   * closes a zero-length row at that tick (rps 0, its requests still counted): rows never go back
   * in time, and every request is in exactly one row.
   */
  tick(at: number, gauges: EngineGauges): TimeseriesRow {
    const now = Math.max(at, this.lastTick);
    const seconds = (now - this.lastTick) / 1000;
    const row: TimeseriesRow = {
      time: new Date(now).toISOString(),
      elapsedS: roundS((now - this.startedAt) / 1000),
      stage: gauges.stage,
      target: round2(gauges.targetRate ?? gauges.vus ?? 0),
      rps: seconds > 0 ? round2(this.second.count / seconds) : 0,
      requests: this.second.count,
      p50: this.second.percentile(50),
      p95: this.second.percentile(95),
      p99: this.second.percentile(99),
      errors: this.secondErrors,
      errorsByType: this.secondErrorTypes.size === 0 ? {} : sortedCounts(this.secondErrorTypes),
      vus: gauges.vus ?? 0,
      inFlight: gauges.inFlight,
      dropped: this.secondDropped,
    };
    this.rows.push(row);
    if (this.keepSeconds) this.secondStates.push(this.second.state());
    this.second.reset();
    this.secondErrors = 0;
    this.secondErrorTypes.clear();
    this.secondDropped = 0;
    this.lastTick = now;
    return row;
  }

  /** Cumulative view for the live abortOnFail check (latency only: thresholds need nothing else). */
  evaluateThresholds(now: number, scaling?: ScalingSection): ThresholdResult[] {
    const specs = this.scenario.thresholds;
    if (specs.length === 0) return [];
    const durationS = (now - this.startedAt) / 1000;
    const requests: Summary['requests'] = {};
    for (const spec of specs) {
      const named = spec.request === undefined ? undefined : this.byName.get(spec.request);
      if (spec.request !== undefined && named !== undefined) requests[spec.request] = named.stats(durationS, true);
    }
    const totals = { ...this.total.stats(durationS, true), dropped: this.dropped, bytesReceived: this.bytesReceived };
    return evaluateThresholds(specs, { totals, requests, durationS, scaling });
  }

  buildSummary(meta: SummaryMeta): Summary {
    const durationS = roundS((meta.endedAt - this.startedAt) / 1000);
    const totals = { ...this.total.stats(durationS), dropped: this.dropped, bytesReceived: this.bytesReceived };
    const requests: Summary['requests'] = {};
    for (const [name, rec] of this.byName) requests[name] = rec.stats(durationS);
    const thresholds = evaluateThresholds(this.scenario.thresholds, { totals, requests, durationS, scaling: meta.scaling });
    const status = meta.status === 'passed' && thresholds.some((t) => !t.ok) ? 'failed' : meta.status;
    const stages = this.stageStats(meta.endedAt);
    const warnings = runWarnings(this.scenario.thresholds, totals, status, { dataExhausted: meta.dataExhausted, durationS, plannedMs: totalDurationMs(this.scenario.load) });
    return {
      schemaVersion: 1,
      run: {
        id: this.runId,
        scenario: this.scenario.name,
        file: this.scenario.file,
        model: this.scenario.load.model,
        status,
        interrupted: status === 'interrupted',
        startedAt: new Date(this.startedAt).toISOString(),
        endedAt: new Date(meta.endedAt).toISOString(),
        durationS,
        target: runTarget(this.scenario),
        usersOrRate: usersOrRate(this.scenario),
        peakReached: peakReached(this.scenario, stages),
      },
      totals,
      rps: totals.rps,
      latency: totals.latency,
      errors: totals.errors,
      requests,
      stages,
      thresholds,
      telemetry: { ...meta.telemetry, spans: { ...meta.spans } },
      failures: { file: 'failures.jsonl', total: this.failures.total, kept: this.failures.sampled().length, ...this.failures.limits },
      ...(meta.scaling ? { scaling: meta.scaling } : {}),
      ...(this.byFlow.size > 0 ? { flows: Object.fromEntries([...this.byFlow].map(([name, rec]) => [name, rec.stats(durationS)])) } : {}),
      ...(meta.dataExhausted !== undefined ? { dataExhausted: meta.dataExhausted } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /** The kept failed requests (first per type + reservoir sample), oldest first. */
  failureSample(): SampledFailure[] {
    return this.failures.sampled();
  }

  get startTime(): number {
    return this.startedAt;
  }

  timeseries(): TimeseriesRow[] {
    return this.rows.slice();
  }

  /** Everything buildSummary and timeseries need, as plain JSON with exact HDR histograms. */
  state(format: HistogramFormat = 'hdr'): AggregatorState {
    return {
      startedAt: this.startedAt,
      total: this.total.state(format),
      byName: Object.fromEntries([...this.byName].map(([name, rec]) => [name, rec.state(format)])),
      byStage: Array.from({ length: this.byStage.length }, (_, i) => this.byStage[i]?.state(format) ?? null),
      stageStarts: Array.from({ length: this.stageStarts.length }, (_, i) => this.stageStarts[i] ?? null),
      stageDropped: Array.from({ length: this.stageDropped.length }, (_, i) => this.stageDropped[i] ?? 0),
      dropped: this.dropped,
      bytesReceived: this.bytesReceived,
      seconds: this.rows.map((row, i) => ({ row, latency: this.secondStates[i] ?? this.second.state(format) })),
      ...(this.failures.total > 0 ? { failures: this.failures.sampled() } : {}),
      ...(this.byFlow.size > 0 ? { flows: Object.fromEntries([...this.byFlow].map(([name, rec]) => [name, rec.state(format)])) } : {}),
    };
  }

  /**
   * A worker's latest requests (its state since its previous report): counted as if they had
   * been recorded here just now, so the open second, live thresholds and totals include them.
   */
  absorbLive(s: AggregatorState): void {
    this.absorb({ ...s, seconds: [] });
    this.second.absorb(s.total.latency);
    this.secondErrors += s.total.failed;
    for (const [type, n] of Object.entries(s.total.errors)) this.secondErrorTypes.set(type, (this.secondErrorTypes.get(type) ?? 0) + n);
    this.secondDropped += s.dropped;
  }

  /**
   * Adds another aggregator's state (a worker's, a shard's) as if its requests had been
   * recorded here. Timeseries rows are merged by position: workers tick together, shards start
   * at one shared timestamp.
   */
  absorb(s: AggregatorState): void {
    this.total.absorb(s.total);
    // The other side's failures arrive already sampled (bounded per report): kept as they come.
    this.failures.absorb(s.failures ?? [], s.total.failed);
    for (const [name, st] of Object.entries(s.byName)) {
      let rec = this.byName.get(name);
      if (rec === undefined) this.byName.set(name, (rec = new BreakdownRecorder()));
      rec.absorb(st);
    }
    for (const [name, st] of Object.entries(s.flows ?? {})) {
      let rec = this.byFlow.get(name);
      if (rec === undefined) this.byFlow.set(name, (rec = new FlowRecorder()));
      rec.absorb(st);
    }
    s.byStage.forEach((st, i) => { if (st !== null) (this.byStage[i] ?? this.newStage(i)).absorb(st); });
    s.stageStarts.forEach((at, i) => {
      const mine = this.stageStarts[i];
      if (at !== null && (mine === undefined || at < mine)) this.stageStarts[i] = at;
    });
    s.stageDropped.forEach((n, i) => { this.stageDropped[i] = (this.stageDropped[i] ?? 0) + n; });
    this.dropped += s.dropped;
    this.bytesReceived += s.bytesReceived;
    s.seconds.forEach((second, i) => {
      const mine = this.rows[i];
      const mineLatency = this.secondStates[i];
      if (mine === undefined || mineLatency === undefined) {
        this.rows[i] = second.row;
        this.secondStates[i] = second.latency;
        return;
      }
      const merged = mergeSecond({ row: mine, latency: mineLatency }, second);
      this.rows[i] = merged.row;
      this.secondStates[i] = merged.latency;
    });
  }

  private newStage(stage: number): BreakdownRecorder {
    const rec = new BreakdownRecorder();
    this.byStage[stage] = rec;
    return rec;
  }

  /** Every stage that started or saw a request, up to the last one reached. */
  private stageStats(endedAt: number): StageStats[] {
    const count = Math.max(this.byStage.length, this.stageStarts.length, this.stageDropped.length);
    const out: StageStats[] = [];
    let previousStart = this.startedAt;
    for (let i = 0; i < count; i++) {
      const start = this.stageStarts[i] ?? previousStart;
      const end = this.nextStageStart(i) ?? endedAt;
      const durationS = roundS(Math.max(0, end - start) / 1000);
      const rec = this.byStage[i] ?? new BreakdownRecorder();
      out.push({
        index: i,
        target: stageTarget(this.scenario, i),
        startedAt: new Date(start).toISOString(),
        durationS,
        dropped: this.stageDropped[i] ?? 0,
        ...rec.stats(durationS),
      });
      previousStart = start;
    }
    return out;
  }

  private nextStageStart(stage: number): number | undefined {
    for (let i = stage + 1; i < this.stageStarts.length; i++) {
      const at = this.stageStarts[i];
      if (at !== undefined) return at;
    }
    return undefined;
  }
}

