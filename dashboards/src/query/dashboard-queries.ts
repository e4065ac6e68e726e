import * as logql from './logql';
import * as gen from './promql-generator';
import * as runq from './promql-run';
import * as spanm from './promql-spanmetrics';
import * as traceql from './traceql';
import { DASHBOARD_SCOPE as V, type HpaScope, type RunScope } from './scope';

export type QueryLanguage = 'promql' | 'traceql' | 'logql';
export interface DashboardQuery { language: QueryLanguage; expr: string }

const run: RunScope = { runId: V.runId, interval: V.interval };
const hpa: HpaScope = { runId: V.runId, hpa: V.hpa, namespace: V.namespace, interval: V.interval };
const anyRunHpa: HpaScope = { hpa: V.hpa, namespace: V.namespace, interval: V.interval };
const promql = (expr: string): DashboardQuery => ({ language: 'promql', expr });

/**
 * Every query of the provisioned dashboards, with Grafana's variables, by an id the dashboard
 * builder refers to. A test checks the JSON uses exactly these and all of them; the
 * real-Prometheus test runs every PromQL one.
 */
export const DASHBOARD_QUERIES = {
  // "Load test run"
  'run.targetRps': promql(runq.targetRps(run)),
  'run.achievedRps': promql(runq.achievedRps(run)),
  'run.p50': promql(runq.latencyQuantile(run, 0.5)),
  'run.p95': promql(runq.latencyQuantile(run, 0.95)),
  'run.p99': promql(runq.latencyQuantile(run, 0.99)),
  'run.spanP95': promql(spanm.clientSpanLatencyQuantile(run, 0.95)),
  'run.errorsByType': promql(runq.errorRateByType(run)),
  'run.inFlight': promql(runq.inFlight(run)),
  'run.vus': promql(runq.virtualUsers(run)),
  'run.dropped': promql(runq.droppedArrivals(run)),
  'run.successPercent': promql(runq.successPercent({ ...run, range: V.range })),
  'run.replicasCurrent': promql(runq.replicas(hpa, 'current')),
  'run.replicasDesired': promql(runq.replicas(hpa, 'desired')),
  'run.replicasReady': promql(runq.replicas(hpa, 'ready')),
  'run.replicasMax': promql(runq.replicas(hpa, 'max')),
  'run.lagDetection': promql(runq.scalingLagMeanInRange({ ...hpa, range: V.range }, 'detection')),
  'run.lagActuation': promql(runq.scalingLagMeanInRange({ ...hpa, range: V.range }, 'actuation')),
  'run.lagTotal': promql(runq.scalingLagMeanInRange({ ...hpa, range: V.range }, 'total')),
  'run.episodes': promql(runq.scalingEpisodes(hpa)),
  'run.deficitReplicaSeconds': promql(runq.deficitReplicaSeconds({ ...hpa, range: V.range })),
  'run.hpaUtilization': promql(runq.hpaUtilization(hpa)),
  'run.podCpu': promql(runq.podCpuCores(hpa)),
  'run.podMemory': promql(runq.podMemoryBytes(hpa)),
  'run.failedRequests': { language: 'traceql', expr: traceql.failedRequests(V.runId) },
  'run.annotation.desiredChanged': promql(runq.desiredReplicasChanged({ ...hpa, interval: V.annotationInterval })),
  'run.annotation.rescale': { language: 'logql', expr: logql.rescaleEvents(V.runId) },
  'run.annotation.stage': { language: 'logql', expr: logql.stageChanges(V.runId) },
  // "Scaling lag" (every run, per HPA)
  'scaling.lagDetection': promql(runq.scalingLagMean(anyRunHpa, 'detection')),
  'scaling.lagActuation': promql(runq.scalingLagMean(anyRunHpa, 'actuation')),
  'scaling.lagTotal': promql(runq.scalingLagMean(anyRunHpa, 'total')),
  'scaling.episodes': promql(runq.scalingEpisodes(anyRunHpa)),
  'scaling.deficit': promql(runq.replicaDeficit(anyRunHpa)),
  'scaling.timeAtMax': promql(runq.timeAtMaxReplicas({ ...anyRunHpa, range: V.range })),
  'scaling.replicasCurrent': promql(runq.replicas(anyRunHpa, 'current')),
  'scaling.replicasMax': promql(runq.replicas(anyRunHpa, 'max')),
  'scaling.episodeSpans': { language: 'traceql', expr: traceql.scalingEpisodeSpans({ hpa: V.hpa }) },
  'scaling.podFailures': { language: 'logql', expr: logql.podFailures({ hpa: V.hpa, namespace: V.namespace, range: V.range }) },
  // "Generator health"
  'generator.spanOutcomeRate': promql(gen.spanOutcomeRate(run)),
  'generator.spanOutcomeTotal': promql(gen.spanOutcomeTotal(run)),
  'generator.scheduleLagP50': promql(gen.scheduleLagQuantile(run, 0.5)),
  'generator.scheduleLagP99': promql(gen.scheduleLagQuantile(run, 0.99)),
  'generator.cpu': promql(gen.generatorCpuCores(run)),
  'generator.dropped': promql(runq.droppedArrivals(run)),
  'generator.achievedRps': promql(runq.achievedRps(run)),
  'generator.targetRps': promql(runq.targetRps(run)),
} as const satisfies Record<string, DashboardQuery>;

export type DashboardQueryId = keyof typeof DASHBOARD_QUERIES;
