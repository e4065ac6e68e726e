import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DASHBOARD_QUERIES, alertRules, replicas, runsMaxReplicas } from '../dashboards/src/queries';
import { startCollector, writeK8sClusterStandIn, type Collector } from './helpers/collector';
import { waitFor } from './helpers/wait-for';
import { startPrometheus, type PrometheusServer } from './helpers/prometheus';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';

/*
 * otel-collector/k8s-cluster.yaml without a load test: the collector watches the cluster itself.
 * Its k8s_cluster and k8sobjects receivers are in the 0.161.0 image but cannot be built here (the
 * Go module proxy refuses k8sleaderelector@v0.161.0 and k8sobjectsreceiver@v0.161.0), so a
 * PROTOCOL STAND-IN sends what they emit — metrics and log records of the shape their
 * metadata.yaml / README document — over OTLP into the collector built here, running config.yaml
 * plus k8s-cluster.yaml's own processors and pipelines (only the receivers swapped for otlp).
 * Everything after the receivers is real: processors, exporters, Prometheus, the queries.
 */

const NS = 'shop';
const HPA = 'web-hpa';
const DEPLOYMENT = 'web';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const str = (key: string, value: string): Json => ({ key, value: { stringValue: value } });
const gauge = (name: string, value: number, nowNs: string): Json =>
  ({ name, unit: '{pod}', gauge: { dataPoints: [{ asInt: String(value), timeUnixNano: nowNs }] } });

/** What the k8s_cluster receiver (v0.161.0 metadata.yaml) emits for one HPA and its Deployment, with k8s-cluster.yaml's resource attributes on. */
function clusterReceiverMetrics(nowNs: string, replicas: { desired: number; available: number }): Json {
  const scope = { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/k8sclusterreceiver' };
  return {
    resourceMetrics: [
      {
        resource: { attributes: [str('k8s.hpa.name', HPA), str('k8s.hpa.uid', 'uid-hpa'), str('k8s.namespace.name', NS),
          str('k8s.hpa.scaletargetref.kind', 'Deployment'), str('k8s.hpa.scaletargetref.name', DEPLOYMENT)] },
        scopeMetrics: [{ scope, metrics: [
          gauge('k8s.hpa.current_replicas', replicas.desired, nowNs), gauge('k8s.hpa.desired_replicas', replicas.desired, nowNs),
          gauge('k8s.hpa.min_replicas', 1, nowNs), gauge('k8s.hpa.max_replicas', 5, nowNs),
        ] }],
      },
      {
        resource: { attributes: [str('k8s.deployment.name', DEPLOYMENT), str('k8s.deployment.uid', 'uid-dep'), str('k8s.namespace.name', NS)] },
        scopeMetrics: [{ scope, metrics: [
          gauge('k8s.deployment.desired', replicas.desired, nowNs), gauge('k8s.deployment.available', replicas.available, nowNs),
        ] }],
      },
    ],
  };
}

/** A k8sobjects record in watch mode: the watch event ({type, object}) as a map body. */
function eventRecord(nowNs: string, event: { reason: string; type: string; kind: string; name: string; note: string }): Json {
  const kv = (o: Record<string, unknown>): Json => ({
    kvlistValue: { values: Object.entries(o).map(([key, v]) => ({ key, value: typeof v === 'object' ? kv(v as Record<string, unknown>) : { stringValue: String(v) } })) },
  });
  const object = {
    apiVersion: 'events.k8s.io/v1', kind: 'Event', reason: event.reason, type: event.type, note: event.note,
    metadata: { name: `${event.name}.1`, namespace: NS }, regarding: { kind: event.kind, name: event.name, namespace: NS },
  };
  return {
    timeUnixNano: nowNs, observedTimeUnixNano: nowNs, body: kv({ type: 'ADDED', object }),
    attributes: [str('event.domain', 'k8s'), str('event.name', `${event.name}.1`), str('k8s.resource.name', 'events')],
  };
}

describe('k8s-cluster.yaml through the real collector (k8s_cluster/k8sobjects receivers: protocol stand-in)', () => {
  let dir: string;
  let prom: PrometheusServer;
  let backend: OtlpReceiver;
  let collector: Collector;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-k8s-cluster-'));
    const standIn = writeK8sClusterStandIn(dir);
    await Promise.all([
      startPrometheus().then((p) => { prom = p; }),
      startOtlpReceiver({ grpc: true }).then((r) => { backend = r; }),
    ]);
    collector = await startCollector({
      tempoGrpcEndpoint: backend.grpcEndpoint ?? '', prometheusRemoteWriteUrl: `${prom.url}/api/v1/write`, lokiOtlpUrl: backend.url,
      extraConfigs: [standIn],
    });
  }, 60_000);

  afterAll(async () => {
    await collector?.close();
    await backend?.close();
    await prom?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (signal: 'metrics' | 'logs', body: Json): Promise<void> => {
    const res = await fetch(`${collector.otlpUrl}/v1/${signal}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000),
    });
    expect(res.status).toBe(200);
  };

  it('HPA panels work from cluster-receiver data alone: ready joins the Deployment to its HPA, deficit, not-ready alert, no phantom run', async () => {
    const nowNs = (): string => String(BigInt(Date.now()) * 1_000_000n);
    const vars = (expr: string): string => expr.replaceAll('$namespace', NS).replaceAll('$hpa', HPA).replaceAll('$__rate_interval', '20s').replaceAll('$__range', '5m');
    // Two collections, 1 s apart: 3 desired, 1 available (two pods still starting).
    await post('metrics', clusterReceiverMetrics(nowNs(), { desired: 3, available: 1 }));
    await new Promise((r) => setTimeout(r, 1000));
    await post('metrics', clusterReceiverMetrics(nowNs(), { desired: 3, available: 1 }));
    const instant = async (expr: string): Promise<Array<{ metric: Record<string, string>; value: number }>> =>
      (await prom.query(vars(expr))).map((s) => ({ metric: s.metric, value: Number(s.value?.[1]) }));
    await waitFor('the cluster metrics are in Prometheus', 30_000, async () => (await instant('k8s_deployment_available')).length > 0);

    const labels = { k8s_namespace_name: NS, k8s_hpa_name: HPA };
    expect(await instant(DASHBOARD_QUERIES['scaling.replicasCurrent'].expr)).toEqual([{ metric: labels, value: 3 }]);
    expect(await instant(DASHBOARD_QUERIES['scaling.deficit'].expr)).toEqual([{ metric: labels, value: 2 }]);
    expect(await instant(replicas({ hpa: HPA, namespace: NS, interval: '20s' }, 'ready'))).toEqual([{ metric: labels, value: 1 }]);
    // The Runs table: cluster data has no run, so no row with an empty run id.
    expect(await instant(runsMaxReplicas({ range: '5m' }))).toEqual([]);
    const notReady = alertRules({ scalingLagS: 60, notReadyFor: '0m', errorRatio: 0.05, errorWindow: '2m', spanWindow: '5m' })
      .find((r) => r.name === 'ScaleTraceReplicasNotReady');
    expect(await instant(notReady?.expr ?? '')).toEqual([{ metric: { k8s_namespace_name: NS, k8s_deployment_name: DEPLOYMENT }, value: 2 }]);
  }, 60_000);

  it('Kubernetes events get service.name scaletrace and the watcher\'s fields, so the same LogQL reads them', async () => {
    const now = String(BigInt(Date.now()) * 1_000_000n);
    const scope = { name: 'github.com/open-telemetry/opentelemetry-collector-contrib/receiver/k8sobjectsreceiver' };
    await post('logs', { resourceLogs: [{ resource: { attributes: [] }, scopeLogs: [{ scope, logRecords: [
      eventRecord(now, { reason: 'SuccessfulRescale', type: 'Normal', kind: 'HorizontalPodAutoscaler', name: HPA, note: 'New size: 3; reason: cpu resource utilization (percentage of request) above target' }),
      eventRecord(now, { reason: 'BackOff', type: 'Warning', kind: 'Pod', name: `${DEPLOYMENT}-abc`, note: 'Back-off restarting failed container' }),
    ] }] }] });
    // Both the base logs pipeline and logs/k8s receive from otlp here; the processed copies carry loadtest.source.
    const events = (): ReturnType<OtlpReceiver['logRecords']> => backend.logRecords().filter((l) => l.resource['loadtest.source'] === 'collector-k8sobjects');
    await waitFor('both events reached the Loki stand-in', 30_000, () => events().length >= 2);
    const [rescale, backoff] = ['SuccessfulRescale', 'BackOff'].map((reason) => events().find((l) => l.attributes['k8s.event.reason'] === reason));
    expect(rescale).toMatchObject({
      resource: { 'service.name': 'scaletrace' }, severityText: 'INFO',
      body: 'New size: 3; reason: cpu resource utilization (percentage of request) above target',
      attributes: { 'k8s.object.kind': 'HorizontalPodAutoscaler', 'k8s.object.name': HPA, 'k8s.hpa.name': HPA, 'k8s.namespace.name': NS },
    });
    expect(backoff).toMatchObject({
      resource: { 'service.name': 'scaletrace' }, severityText: 'WARN', body: 'Back-off restarting failed container',
      attributes: { 'k8s.object.kind': 'Pod', 'k8s.pod.name': `${DEPLOYMENT}-abc`, 'k8s.namespace.name': NS },
    });
  }, 60_000);
});
