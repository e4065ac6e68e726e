import { SeverityNumber } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { CollectorLink } from './collector-link';
import type { OtlpSignalConfig } from './otlp-config';
import { msToHrTime } from './hr-time';
import { OtlpHttpSender } from './otlp-http-sender';
import { TELEMETRY_SCOPE } from './finished-span';
import { spillExtension, type SpillWriter } from './spill-writer';

export type LogSeverity = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** One log record as the rest of the generator hands it over (Kubernetes events, run lifecycle). */
export interface LogEntry {
  at: number;
  severity: LogSeverity;
  body: string;
  /** The event name (`loadtest.run.start`, `k8s.event`…), exported as the record's eventName. */
  event?: string;
  attributes: Record<string, string | number | boolean>;
}

export interface LogAccounting { created: number; exported: number; spilled: number; dropped: number }

const SEVERITY: Record<LogSeverity, SeverityNumber> = {
  DEBUG: SeverityNumber.DEBUG, INFO: SeverityNumber.INFO, WARN: SeverityNumber.WARN, ERROR: SeverityNumber.ERROR,
};
const FLUSH_MS = 1000;
const MAX_BATCH = 512;

/**
 * OTLP/HTTP log export: records are batched for a second, POSTed to /v1/logs with the trace
 * pipeline's retry schedule, and spilled to disk (for `scaletrace replay`) when that fails.
 * Low volume (events, lifecycle), so one export in flight is enough.
 */
export class LogExport {
  private readonly sender: OtlpHttpSender;
  private readonly serialize: (records: ReadableLogRecord[]) => Uint8Array | undefined;
  private buffer: ReadableLogRecord[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly counts: LogAccounting = { created: 0, exported: 0, spilled: 0, dropped: 0 };

  constructor(
    private readonly config: OtlpSignalConfig,
    private readonly resource: Resource,
    private readonly spill: SpillWriter,
    link?: CollectorLink,
  ) {
    this.sender = new OtlpHttpSender(config, 1, link);
    this.serialize = config.protocol === 'http/json'
      ? (r) => JsonLogsSerializer.serializeRequest(r)
      : (r) => ProtobufLogsSerializer.serializeRequest(r);
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  emit(entry: LogEntry): void {
    this.counts.created++;
    const time = msToHrTime(entry.at);
    this.buffer.push({
      hrTime: time, hrTimeObserved: msToHrTime(Date.now()),
      severityNumber: SEVERITY[entry.severity], severityText: entry.severity,
      body: entry.body, eventName: entry.event, attributes: entry.attributes, droppedAttributesCount: 0,
      resource: this.resource, instrumentationScope: TELEMETRY_SCOPE,
    });
    if (this.buffer.length >= MAX_BATCH) this.flush();
  }

  accounting(): LogAccounting {
    return { ...this.counts };
  }

  /** Sends what is buffered; resolves when every batch so far is exported, spilled or dropped. */
  flush(): Promise<void> {
    if (this.buffer.length > 0) {
      const batch = this.buffer;
      this.buffer = [];
      this.chain = this.chain.then(() => this.export(batch));
    }
    return this.chain;
  }

  async shutdown(): Promise<LogAccounting> {
    clearInterval(this.timer);
    await this.flush();
    await this.sender.close();
    return this.accounting();
  }

  private async export(batch: ReadableLogRecord[]): Promise<void> {
    const body = this.serialize(batch);
    if (body === undefined) {
      this.counts.dropped += batch.length;
      return;
    }
    // While the collector is down the sender fails at once unless this batch is its probe.
    const result = await this.sender.send(body);
    if (result.ok) {
      this.counts.exported += batch.length;
      return;
    }
    try {
      await this.spill.write('logs', spillExtension(this.config.protocol), body, batch.length);
      this.counts.spilled += batch.length;
    } catch {
      this.counts.dropped += batch.length;
    }
  }
}
