import { SpanKind, TraceFlags, type Attributes, type Meter } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';
import { newTraceIds } from '../engine';
import { finishedSpan, OK_STATUS } from './finished-span';
import { msToHrTime } from './hr-time';
import type { LogEntry } from './log-export';

/*
 * What the Kubernetes watcher (generator/src/kube) observes, as this module needs it. Structural
 * on purpose: telemetry does not depend on the watcher, the watcher's listener types satisfy these.
 */
export interface HpaObservation {
  at: number; hpa: string; namespace: string;
  current: number; desired: number; min: number; max: number;
  metrics: Array<{ name: string; current?: number; target?: number }>;
}
export interface ScaleTargetObservation {
  at: number; hpa: string; kind: string; name: string; namespace: string;
  desired: number; ready: number; available: number;
}
export interface PodMetricsObservation { at: number; namespace: string; pod: string; cpuCores: number; memoryBytes: number }
export interface KubeLogObservation { at: number; severity: 'INFO' | 'WARN' | 'ERROR'; body: string; attributes: Record<string, string | number | boolean> }
export interface EpisodeObservation {
  hpa: string; namespace: string; direction: 'up' | 'down'; from: number; to: number;
  t0: number; t0Source: string; decidedAt: number; readyAt?: number; complete: boolean;
  lags: { detectionS: number; actuationS?: number; totalS?: number };
  deficitReplicaSeconds: number;
  steps: Array<{ at: number; what: string }>;
}

export interface KubeSignalsOptions {
  meter: Meter;
  runId: string;
  resource: Resource;
  emitLog: (entry: LogEntry) => void;
  emitSpans: (spans: ReadableSpan[]) => void;
}

/** Scaling lag buckets in seconds: HPA sync periods (15 s) to slow node scale-ups (minutes). */
const LAG_BUCKETS_S = [1, 2.5, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600];

/**
 * Turns watcher observations into the contract's signals: k8s.hpa.* / k8s.deployment.* / pod usage
 * gauges (last value, read at each metric collection), loadtest.scaling.lag histograms, one
 * `scale {up|down} {hpa}` span per episode, and events/pod problems as log records.
 */
export class KubeSignals {
  private readonly hpas = new Map<string, HpaObservation>();
  private readonly targets = new Map<string, ScaleTargetObservation>();
  private readonly pods = new Map<string, PodMetricsObservation>();
  private readonly lag;
  private readonly base: Attributes;

  constructor(private readonly opts: KubeSignalsOptions) {
    const { meter } = opts;
    this.base = { 'loadtest.run.id': opts.runId };
    const hpaGauge = (name: string, description: string, pick: (h: HpaObservation) => number): void => {
      meter.createObservableGauge(name, { description, unit: '{pod}' }).addCallback((o) => {
        for (const h of this.hpas.values()) o.observe(pick(h), this.hpaAttrs(h));
      });
    };
    hpaGauge('k8s.hpa.current_replicas', 'Current replicas of the HPA scale target (its spec, not ready pods).', (h) => h.current);
    hpaGauge('k8s.hpa.desired_replicas', 'Replicas the HPA last decided on.', (h) => h.desired);
    hpaGauge('k8s.hpa.min_replicas', 'HPA minReplicas.', (h) => h.min);
    hpaGauge('k8s.hpa.max_replicas', 'HPA maxReplicas.', (h) => h.max);
    const targetGauge = (name: string, description: string, pick: (t: ScaleTargetObservation) => number): void => {
      meter.createObservableGauge(name, { description, unit: '{pod}' }).addCallback((o) => {
        for (const t of this.targets.values()) o.observe(pick(t), this.targetAttrs(t));
      });
    };
    targetGauge('k8s.deployment.desired', 'spec.replicas of the HPA scale target.', (t) => t.desired);
    targetGauge('k8s.deployment.available', 'Available replicas of the HPA scale target.', (t) => t.available);
    meter.createObservableGauge('loadtest.hpa.utilization', { description: 'HPA metric value vs its target, per metric.', unit: '%' })
      .addCallback((o) => {
        for (const h of this.hpas.values()) {
          for (const m of h.metrics) {
            const attrs = { ...this.hpaAttrs(h), metric: m.name };
            if (m.current !== undefined) o.observe(m.current, { ...attrs, kind: 'current' });
            if (m.target !== undefined) o.observe(m.target, { ...attrs, kind: 'target' });
          }
        }
      });
    meter.createObservableGauge('k8s.pod.cpu.usage', { description: 'Pod CPU from metrics.k8s.io (what kubectl top shows).', unit: '{cpu}' })
      .addCallback((o) => { for (const p of this.pods.values()) o.observe(p.cpuCores, this.podAttrs(p)); });
    meter.createObservableGauge('k8s.pod.memory.usage', { description: 'Pod working-set memory from metrics.k8s.io.', unit: 'By' })
      .addCallback((o) => { for (const p of this.pods.values()) o.observe(p.memoryBytes, this.podAttrs(p)); });
    this.lag = meter.createHistogram('loadtest.scaling.lag', {
      description: 'Scaling lag per episode and phase (detection, actuation, total, recovery).', unit: 's',
      advice: { explicitBucketBoundaries: LAG_BUCKETS_S },
    });
  }

  hpa(s: HpaObservation): void {
    this.hpas.set(`${s.namespace}/${s.hpa}`, s);
  }

  scaleTarget(s: ScaleTargetObservation): void {
    this.targets.set(`${s.namespace}/${s.kind}/${s.name}`, s);
  }

  podMetrics(s: PodMetricsObservation): void {
    this.pods.set(`${s.namespace}/${s.pod}`, s);
  }

  log(r: KubeLogObservation): void {
    this.opts.emitLog({ at: r.at, severity: r.severity, body: r.body, event: 'k8s.event', attributes: { ...r.attributes, 'loadtest.run.id': this.opts.runId } });
  }

  episode(e: EpisodeObservation): void {
    const attrs = { ...this.base, 'k8s.hpa.name': e.hpa, 'k8s.namespace.name': e.namespace, 'loadtest.scaling.direction': e.direction };
    this.lag.record(e.lags.detectionS, { ...attrs, 'loadtest.scaling.phase': 'detection' });
    if (e.lags.actuationS !== undefined) this.lag.record(e.lags.actuationS, { ...attrs, 'loadtest.scaling.phase': 'actuation' });
    if (e.lags.totalS !== undefined) this.lag.record(e.lags.totalS, { ...attrs, 'loadtest.scaling.phase': 'total' });
    this.opts.emitSpans([this.episodeSpan(e)]);
  }

  /** Recovery needs the run's latency, so the runner reports it once the run is over. */
  recovery(hpa: string, namespace: string, direction: 'up' | 'down', seconds: number): void {
    this.lag.record(seconds, {
      ...this.base, 'k8s.hpa.name': hpa, 'k8s.namespace.name': namespace,
      'loadtest.scaling.direction': direction, 'loadtest.scaling.phase': 'recovery',
    });
  }

  private episodeSpan(e: EpisodeObservation): ReadableSpan {
    const { traceId, spanId } = newTraceIds();
    const startTime = msToHrTime(e.t0);
    const endTime = msToHrTime(Math.max(e.t0, e.readyAt ?? e.steps[e.steps.length - 1]?.at ?? e.decidedAt));
    const attributes: Attributes = {
      ...this.base, 'k8s.hpa.name': e.hpa, 'k8s.namespace.name': e.namespace,
      'loadtest.scaling.direction': e.direction, 'loadtest.scaling.from': e.from, 'loadtest.scaling.to': e.to,
      'loadtest.scaling.t0_source': e.t0Source, 'loadtest.scaling.complete': e.complete,
      'loadtest.scaling.lag.detection_s': e.lags.detectionS,
      'loadtest.scaling.deficit_replica_seconds': e.deficitReplicaSeconds,
    };
    if (e.lags.actuationS !== undefined) attributes['loadtest.scaling.lag.actuation_s'] = e.lags.actuationS;
    if (e.lags.totalS !== undefined) attributes['loadtest.scaling.lag.total_s'] = e.lags.totalS;
    const events: TimedEvent[] = e.steps.map((s) => ({ name: s.what, time: msToHrTime(s.at), attributes: {}, droppedAttributesCount: 0 }));
    return finishedSpan({
      name: `scale ${e.direction} ${e.hpa}`, kind: SpanKind.INTERNAL,
      context: { traceId, spanId, traceFlags: TraceFlags.SAMPLED }, parent: undefined, startTime, endTime,
      // An episode the watcher stopped before it finished is not an error, just unfinished.
      status: OK_STATUS,
      attributes, events,
    }, this.opts.resource);
  }

  private hpaAttrs(h: HpaObservation): Attributes {
    return { ...this.base, 'k8s.hpa.name': h.hpa, 'k8s.namespace.name': h.namespace };
  }

  private targetAttrs(t: ScaleTargetObservation): Attributes {
    const kindKey = t.kind === 'StatefulSet' ? 'k8s.statefulset.name' : 'k8s.deployment.name';
    return { ...this.base, [kindKey]: t.name, 'k8s.namespace.name': t.namespace, 'k8s.hpa.name': t.hpa };
  }

  private podAttrs(p: PodMetricsObservation): Attributes {
    return { ...this.base, 'k8s.pod.name': p.pod, 'k8s.namespace.name': p.namespace };
  }
}
