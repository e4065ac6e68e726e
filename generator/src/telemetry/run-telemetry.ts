import type { EngineGauges, FlowRecord, RequestRecord, RunObserver } from '../engine';
import type { SpanAccounting } from '../results';
import { OtlpHttpSender } from './otlp-http-sender';
import { traceBatchSerializer } from './otlp-serializers';
import { SpillingMetricExporter } from './spilling-metric-exporter';
import { spillExtension } from './spill-writer';
import { readOtlpConfig, readSignalConfig, type OtlpProtocol } from './otlp-config';
import { flowSpan } from './flow-span';
import { RequestMetrics } from './request-metrics';
import { createRunMetrics } from './run-metrics';
import { RunSpans } from './run-spans';
import { DEFAULT_SPAN_LIMITS, SpanExportPipeline, type SpanPipelineLimits } from './span-export-pipeline';
import { SpillWriter } from './spill-writer';
import { buildTelemetryResource } from './telemetry-resource';
import type { MeterProvider } from '@opentelemetry/sdk-metrics';
import { KubeSignals } from './kube-signals';
import { CollectorLink } from './collector-link';
import { LogExport, type LogAccounting, type LogEntry } from './log-export';

export interface TelemetryOptions {
  runId: string;
  scenario: string;
  workerIndex?: number;
  /** Where failed exports are written; created on the first spill. */
  spillDir: string;
  /** Default process.env; every OTEL_* variable is read in otlp-config.ts. */
  env?: NodeJS.ProcessEnv;
  /** Metric export interval; default 5000. */
  metricIntervalMs?: number;
  /** Span batching overrides (tests). */
  spanLimits?: Partial<SpanPipelineLimits>;
  /**
   * Where the one-line notices go (collector unreachable: spilling to …; answering again).
   * The CLI passes stderr; worker threads pass nothing and their notices reach the coordinating
   * thread's RunTelemetry of the same run id instead.
   */
  warn?: (line: string) => void;
}

export interface TelemetryStatus {
  enabled: boolean;
  endpoint?: string;
  protocol?: OtlpProtocol;
  reason?: string;
}

const ZERO: SpanAccounting = { created: 0, exported: 0, spilled: 0, dropped: 0 };

interface Active {
  pipeline: SpanExportPipeline;
  requestMetrics: RequestMetrics;
  meters: MeterProvider;
  runSpans: RunSpans;
  logs: LogExport;
  /** One per collector the signals go to (usually one). */
  links: CollectorLink[];
  exporter: SpillingMetricExporter;
  /** The longest of the signals' export timeouts: the default shutdown bound. */
  exportTimeoutMs: number;
  runId: string;
  resource: ReturnType<typeof buildTelemetryResource>;
}

/**
 * A run's OTLP telemetry: one CLIENT span per request, an INTERNAL span per flow iteration,
 * run/stage spans, and metrics. When no
 * endpoint is configured it is a no-op whose `status.reason` says why.
 */
export class RunTelemetry implements RunObserver {
  readonly status: TelemetryStatus;
  private readonly active?: Active;
  private gaugeSource?: () => EngineGauges;
  private readonly droppedByStage = new Map<number, number>();
  private run = { status: 'pending', running: false, model: undefined as string | undefined };
  private readonly scenario: string;
  private closing?: Promise<SpanAccounting>;

  static create(opts: TelemetryOptions): RunTelemetry {
    return new RunTelemetry(opts);
  }

  private constructor(opts: TelemetryOptions) {
    const env = opts.env ?? process.env;
    this.scenario = opts.scenario;
    const config = readOtlpConfig(env);
    if (!config.enabled) {
      this.status = { enabled: false, reason: config.reason };
      return;
    }
    const traces = readSignalConfig(env, 'traces');
    const metricsConfig = readSignalConfig(env, 'metrics');
    this.status = { enabled: true, endpoint: config.endpoint, protocol: traces.protocol };

    const resource = buildTelemetryResource(config, { runId: opts.runId, scenario: opts.scenario, workerIndex: opts.workerIndex ?? 0 });
    const logsConfig = readSignalConfig(env, 'logs');
    const spill = new SpillWriter(opts.spillDir);
    const limits = { ...DEFAULT_SPAN_LIMITS, ...opts.spanLimits };
    const runId = opts.runId;
    const links = new Map<string, CollectorLink>();
    const linkTo = (signal: { url: string }): CollectorLink => {
      const origin = new URL(signal.url).origin;
      let link = links.get(origin);
      if (link === undefined) {
        link = new CollectorLink({ runId, origin, spillDir: opts.spillDir, warn: opts.warn });
        links.set(origin, link);
      }
      return link;
    };
    const link = linkTo(traces);
    const sender = new OtlpHttpSender(traces, limits.maxInFlight, link);
    const pipeline = new SpanExportPipeline({
      serialize: traceBatchSerializer(traces.protocol, runId, resource),
      send: (body) => sender.send(body),
      close: () => sender.close(),
      collectorDown: () => link.down,
      spill, spillExt: spillExtension(traces.protocol), limits,
    });
    link.onDown(() => pipeline.collectorWentDown());
    const requestMetrics = new RequestMetrics(runId, resource);
    const exporter = new SpillingMetricExporter(metricsConfig, spill, linkTo(metricsConfig));
    const meters = createRunMetrics({
      resource, producer: requestMetrics, exporter,
      intervalMs: opts.metricIntervalMs ?? 5000,
      exportTimeoutMs: metricsConfig.timeoutMs,
      sources: {
        runId, scenario: opts.scenario,
        gauges: () => this.gaugeSource?.(),
        droppedByStage: this.droppedByStage,
        spans: () => pipeline.accounting(),
        runState: () => this.run,
      },
    });
    const runSpans = new RunSpans(opts.scenario, runId, resource, () => this.gaugeSource?.());
    const logs = new LogExport(logsConfig, resource, spill, linkTo(logsConfig));
    const exportTimeoutMs = Math.max(traces.timeoutMs, metricsConfig.timeoutMs, logsConfig.timeoutMs);
    this.active = { pipeline, requestMetrics, meters, runSpans, logs, links: [...links.values()], exporter, exportTimeoutMs, runId, resource };
  }

  onRequest(r: RequestRecord): void {
    const a = this.active;
    if (a === undefined) return;
    a.pipeline.add(r);
    a.requestMetrics.record(r);
  }

  onDropped(stage: number): void {
    if (this.active === undefined) return;
    this.droppedByStage.set(stage, (this.droppedByStage.get(stage) ?? 0) + 1);
  }

  onStage(stage: number, at: number): void {
    const a = this.active;
    if (a === undefined) return;
    a.runSpans.stageStarted(stage, at);
    a.pipeline.addSpans(a.runSpans.take());
    this.lifecycle(at, 'INFO', 'loadtest.run.stage', `stage ${stage} started`, { 'loadtest.stage': stage });
  }

  /** The INTERNAL `flow NAME` span, parent of the iteration's step spans (flow-span.ts). */
  onFlow(record: FlowRecord): void {
    const a = this.active;
    if (a === undefined) return;
    a.pipeline.addSpan(flowSpan(record, a.runId, a.resource));
  }

  /** A log record (OTLP logs); a no-op when telemetry is off. */
  log(entry: LogEntry): void {
    this.active?.logs.emit(entry);
  }

  /** Signals for what the Kubernetes watcher sees; undefined when telemetry is off. */
  kubeSignals(): KubeSignals | undefined {
    const a = this.active;
    if (a === undefined) return undefined;
    return new KubeSignals({
      meter: a.meters.getMeter('scaletrace'), runId: a.runId, resource: a.resource,
      emitLog: (e) => a.logs.emit(e), emitSpans: (spans) => a.pipeline.addSpans(spans),
    });
  }

  /** Failed thresholds as WARN log records, so Loki/Grafana alerting can see them. */
  thresholdsFailed(at: number, failed: ReadonlyArray<{ expr: string; value: number }>): void {
    for (const t of failed) {
      this.lifecycle(at, 'WARN', 'loadtest.threshold.failed', `threshold failed: ${t.expr} (value ${Number.isNaN(t.value) ? 'n/a' : t.value})`,
        { 'loadtest.threshold': t.expr });
    }
  }

  logAccounting(): LogAccounting | undefined {
    return this.active?.logs.accounting();
  }

  private lifecycle(at: number, severity: LogEntry['severity'], event: string, body: string, extra: LogEntry['attributes'] = {}): void {
    const a = this.active;
    if (a === undefined) return;
    a.logs.emit({ at, severity, event, body, attributes: { 'loadtest.run.id': a.runId, 'loadtest.scenario': this.scenario, ...extra } });
  }

  setGaugeSource(fn: () => EngineGauges): void {
    this.gaugeSource = fn;
  }

  runStarted(info: { at: number; model: 'open' | 'closed' }): void {
    this.run = { status: 'running', running: true, model: info.model };
    this.active?.runSpans.runStarted(info.at, info.model);
    this.lifecycle(info.at, 'INFO', 'loadtest.run.start', `run started (${info.model} model)`, { 'loadtest.model': info.model });
  }

  runEnded(info: { at: number; status: string }): void {
    this.run = { ...this.run, status: info.status, running: false };
    const a = this.active;
    if (a === undefined) return;
    a.runSpans.runEnded(info.at, info.status);
    a.pipeline.addSpans(a.runSpans.take());
    this.lifecycle(info.at, info.status === 'passed' ? 'INFO' : 'WARN', 'loadtest.run.end', `run ended: ${info.status}`, { 'loadtest.run.status': info.status });
  }

  accounting(): SpanAccounting {
    return this.active ? this.active.pipeline.accounting() : { ...ZERO };
  }

  /**
   * Exports or spills every span, log record and the final metrics within `timeoutMs` (default:
   * the export timeout, OTEL_EXPORTER_OTLP_TIMEOUT), however many batches are queued: what is not
   * exported by then is spilled, and when the collector is known down nothing waits at all.
   * Never throws; resolves with the final accounting (created == exported + spilled + dropped).
   */
  shutdown(timeoutMs?: number): Promise<SpanAccounting> {
    this.closing ??= this.close(timeoutMs);
    return this.closing;
  }

  private async close(timeoutMs: number | undefined): Promise<SpanAccounting> {
    const a = this.active;
    if (a === undefined) return { ...ZERO };
    const own = Date.now() + (timeoutMs ?? a.exportTimeoutMs);
    const deadline = Math.max(...a.links.map((link) => link.beginShutdown(own)));
    if (this.run.running) this.runEnded({ at: Date.now(), status: 'ended' });
    // Logs and spans side by side under one deadline; the final metrics after the spans, whose
    // accounting they carry (past the deadline its export is aborted at once and spilled).
    const [, spans] = await Promise.all([
      a.logs.shutdown().catch(() => undefined), // failures are counted in the log accounting
      a.pipeline.shutdown(deadline).catch(() => a.pipeline.accounting()), // exact for every settled batch
    ]);
    try {
      await a.meters.shutdown({ timeoutMillis: Math.max(1000, deadline - Date.now()) });
    } catch {
      // a failed final metric export was spilled by the exporter wrapper
    }
    // The reader skips the exporter's shutdown when its last collection timed out: release it here.
    await a.exporter.shutdown().catch(() => undefined);
    for (const link of a.links) link.close();
    return spans;
  }
}
