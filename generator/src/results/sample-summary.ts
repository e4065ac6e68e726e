import type { RunStatus, Summary, ThresholdResult } from './types';
import { RunAggregator } from './run-aggregator';
import { record, testScenario } from './test-fixtures';

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A real Summary built by RunAggregator from a few records, for the printer and file tests. */
export function sampleSummary(over: { status?: RunStatus; thresholds?: ThresholdResult[]; spilled?: number } = {}): Summary {
  const agg = new RunAggregator({ scenario: testScenario(['p95 < 500ms', 'error_rate < 1%', 'health: p99 < 1s']), runId: '20260101-120000-abcd', startedAt: T0 });
  agg.onStage(0, T0);
  for (let i = 0; i < 90; i++) agg.onRequest(record({ name: 'predict', at: T0 + i * 10, latencyMs: 10 + i, ttfbMs: 4, lagMs: 0.2, bytes: 1000 }));
  agg.onStage(1, T0 + 1000);
  for (let i = 0; i < 10; i++) agg.onRequest(record({ name: 'health', stage: 1, at: T0 + 1000 + i, latencyMs: 3, errorType: i < 2 ? 'ECONNREFUSED' : undefined }));
  const spans = { created: 100, exported: 100 - (over.spilled ?? 0), spilled: over.spilled ?? 0, dropped: 0 };
  const summary = agg.buildSummary({
    endedAt: T0 + 2000, status: over.status === 'interrupted' || over.status === 'aborted' ? over.status : 'passed', spans,
    telemetry: { spans, metricsExported: true, endpoint: 'http://127.0.0.1:4318', protocol: 'http/protobuf' },
  });
  if (over.thresholds) summary.thresholds = over.thresholds;
  if (over.status) summary.run.status = over.status;
  return summary;
}
