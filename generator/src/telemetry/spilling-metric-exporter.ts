import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { CollectorLink } from './collector-link';
import type { OtlpSignalConfig } from './otlp-config';
import { OtlpHttpSender } from './otlp-http-sender';
import { metricsSerializer } from './otlp-serializers';
import { spillExtension, type SpillWriter } from './spill-writer';

/** Counts of metric exports, for tests and the report. */
export interface MetricExportCounts { exported: number; spilled: number; failed: number }

/**
 * Cumulative OTLP/HTTP metric exporter; a failed export's request body is spilled for replay
 * (while the collector is down that is at once, unless the export is the sender's probe).
 */
export class SpillingMetricExporter implements PushMetricExporter {
  readonly counts: MetricExportCounts = { exported: 0, spilled: 0, failed: 0 };
  private readonly sender: OtlpHttpSender;
  private readonly serialize: (m: ResourceMetrics) => Uint8Array | undefined;
  private readonly work = new Set<Promise<unknown>>();
  private readonly ext: string;

  constructor(config: OtlpSignalConfig, private readonly spill: SpillWriter, link?: CollectorLink) {
    this.sender = new OtlpHttpSender(config, 2, link);
    this.serialize = metricsSerializer(config.protocol);
    this.ext = spillExtension(config.protocol);
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    const body = this.serialize(metrics);
    if (!body) {
      this.counts.failed++;
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('metrics serialization failed') });
      return;
    }
    const points = metrics.scopeMetrics.reduce((n, s) => n + s.metrics.reduce((m, d) => m + d.dataPoints.length, 0), 0);
    const job = this.sender.send(body).then(async (result) => {
      if (result.ok) {
        this.counts.exported++;
        resultCallback({ code: ExportResultCode.SUCCESS });
        return;
      }
      try {
        await this.spill.write('metrics', this.ext, body, points);
        this.counts.spilled++;
      } catch {
        this.counts.failed++;
      }
      resultCallback({ code: ExportResultCode.FAILED, error: new Error(result.error) });
    });
    this.work.add(job);
    void job.finally(() => this.work.delete(job));
  }

  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE;
  }

  async forceFlush(): Promise<void> {
    while (this.work.size > 0) await Promise.all([...this.work]);
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    await this.sender.close();
  }
}
