import type { Attributes } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { EngineGauges } from '../engine';
import type { SpanAccounting } from '../results';
import type { SpillingMetricExporter } from './spilling-metric-exporter';
import type { RequestMetrics } from './request-metrics';

export interface RunMetricsSources {
  runId: string;
  scenario: string;
  gauges: () => EngineGauges | undefined;
  droppedByStage: Map<number, number>;
  spans: () => SpanAccounting;
  runState: () => { status: string; running: boolean; model?: string };
}

/**
 * The MeterProvider of a run: request histograms come from RequestMetrics (a MetricProducer);
 * the low-rate values are SDK observable instruments read at each collection. Cumulative,
 * exported every `intervalMs`; shutdown() forces a final export.
 */
export function createRunMetrics(opts: {
  resource: Resource; exporter: SpillingMetricExporter; producer: RequestMetrics;
  intervalMs: number; exportTimeoutMs: number; sources: RunMetricsSources;
}): MeterProvider {
  const reader = new PeriodicExportingMetricReader({
    exporter: opts.exporter,
    exportIntervalMillis: opts.intervalMs,
    // The reader refuses a timeout longer than the interval.
    exportTimeoutMillis: Math.min(opts.intervalMs, opts.exportTimeoutMs),
    metricProducers: [opts.producer],
  });
  const provider = new MeterProvider({ resource: opts.resource, readers: [reader] });
  const meter = provider.getMeter('scaletrace');
  const src = opts.sources;
  const base: Attributes = { 'loadtest.run.id': src.runId };

  meter.createObservableGauge('loadtest.vus', { description: 'Active virtual users (closed model).', unit: '{vu}' })
    .addCallback((o) => { const v = src.gauges()?.vus; if (v !== undefined) o.observe(v, base); });
  meter.createObservableGauge('loadtest.rate.target', { description: 'Target arrival rate (open model).', unit: '{request}/s' })
    .addCallback((o) => { const v = src.gauges()?.targetRate; if (v !== undefined) o.observe(v, base); });
  meter.createObservableCounter('loadtest.iterations.dropped', {
    description: 'Open-model arrivals dropped because maxInFlight was reached.', unit: '{iteration}',
  }).addCallback((o) => {
    for (const [stage, n] of src.droppedByStage) o.observe(n, { ...base, 'loadtest.stage': stage });
  });
  meter.createObservableCounter('loadtest.telemetry.spans', {
    description: 'Request spans by fate: exported to the collector, spilled to disk, or dropped.', unit: '{span}',
  }).addCallback((o) => {
    const a = src.spans();
    o.observe(a.exported, { ...base, 'loadtest.telemetry.outcome': 'exported' });
    o.observe(a.spilled, { ...base, 'loadtest.telemetry.outcome': 'spilled' });
    o.observe(a.dropped, { ...base, 'loadtest.telemetry.outcome': 'dropped' });
  });
  // The generator's own CPU (semconv process.cpu.time): a saturated worker is the first suspect
  // when latency or schedule lag rises, and the "Generator health" dashboard plots it per worker.
  meter.createObservableCounter('process.cpu.time', { description: 'CPU time of this generator process.', unit: 's' })
    .addCallback((o) => {
      const cpu = process.cpuUsage();
      o.observe(cpu.user / 1e6, { ...base, 'cpu.mode': 'user' });
      o.observe(cpu.system / 1e6, { ...base, 'cpu.mode': 'system' });
    });
  // An info metric: always 1; the run's state is in its attributes (running, then the final status).
  meter.createObservableGauge('loadtest.run.info', {
    description: 'Always 1; loadtest.run.status is running while the run runs, then its final status.',
  }).addCallback((o) => {
    const s = src.runState();
    if (s.status === 'pending') return; // not started yet
    o.observe(1, {
      ...base, 'loadtest.scenario': src.scenario, 'loadtest.run.status': s.status,
      ...(s.model ? { 'loadtest.model': s.model } : {}),
    });
  });
  return provider;
}
