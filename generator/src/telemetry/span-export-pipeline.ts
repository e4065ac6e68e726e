import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RequestRecord } from '../engine';
import type { SpanAccounting } from '../results';
import type { SendResult } from './otlp-http-sender';
import type { TraceBatchSerializer } from './otlp-serializers';
import type { SpillWriter } from './spill-writer';

/** Tuning, with the defaults documented in docs/telemetry.md. */
export interface SpanPipelineLimits {
  /** Spans per export request (the SDK's BatchSpanProcessor sends 512); encoding 1024 blocks the loop ~3 ms. */
  maxBatchSize: number;
  /** A partial batch is sent after this long. */
  flushIntervalMs: number;
  /** Export requests in flight while the collector answers. */
  maxInFlight: number;
  /** Batches waiting for an export slot; beyond this a batch is spilled instead of held in memory. */
  maxQueuedBatches: number;
}

export const DEFAULT_SPAN_LIMITS: SpanPipelineLimits = {
  maxBatchSize: 1024, flushIntervalMs: 1000, maxInFlight: 8, maxQueuedBatches: 64,
};

export interface SpanPipelineOptions {
  /** Serializes a batch into an OTLP request body: what is sent, and what is spilled if sending fails. */
  serialize: TraceBatchSerializer;
  /** POSTs a body to the collector (with the exporter's retries); never rejects. */
  send: (body: Uint8Array) => Promise<SendResult>;
  /** Releases the connection pool at shutdown. */
  close: () => Promise<void>;
  /**
   * Whether the collector is known to be down (see CollectorLink); default never. Then `send`
   * answers at once except for the link's one probe, so batches do not wait for an export slot.
   */
  collectorDown?: () => boolean;
  spill: SpillWriter;
  spillExt: string;
  limits?: Partial<SpanPipelineLimits>;
}

interface Batch {
  records: RequestRecord[];
  /** Run/stage spans riding along; exported and spilled too but not counted as request spans. */
  extra: ReadableSpan[];
  settled: boolean;
  /** Set once serialized for sending, so a spill writes the same bytes. */
  body?: SerializedBatch;
}

interface SerializedBatch { bytes: Uint8Array; spans: number }

/**
 * Request records → batched OTLP exports, with every batch ending in exactly one of exported,
 * spilled (written to disk for `scaletrace replay`) or dropped (only when the spill write failed).
 * Records are encoded only when a batch is sent, keeping onRequest at a push.
 */
export class SpanExportPipeline {
  private readonly limits: SpanPipelineLimits;
  private readonly counts: SpanAccounting = { created: 0, exported: 0, spilled: 0, dropped: 0 };
  private pending: RequestRecord[] = [];
  private extra: ReadableSpan[] = [];
  private readonly queue: Batch[] = [];
  private readonly inFlight = new Set<Batch>();
  private readonly spillWrites = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private flushQueued = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly opts: SpanPipelineOptions) {
    this.limits = { ...DEFAULT_SPAN_LIMITS, ...opts.limits };
    this.timer = setInterval(() => this.flush(), this.limits.flushIntervalMs);
    this.timer.unref();
  }

  add(record: RequestRecord): void {
    this.counts.created++;
    this.pending.push(record);
    this.flushWhenFull();
  }

  addSpans(spans: ReadableSpan[]): void {
    this.extra.push(...spans);
  }

  /** One span riding along (a flow iteration's, one per iteration: counted toward the batch size). */
  addSpan(span: ReadableSpan): void {
    this.extra.push(span);
    this.flushWhenFull();
  }

  accounting(): SpanAccounting {
    return { ...this.counts };
  }

  /** Cuts the pending records and spans into batches of at most maxBatchSize and sends or queues them. */
  flush(): void {
    const { maxBatchSize } = this.limits;
    while (this.pending.length > 0 || this.extra.length > 0) {
      const records = this.pending.length > maxBatchSize ? this.pending.splice(0, maxBatchSize) : this.pending;
      if (records === this.pending) this.pending = [];
      const room = Math.max(0, maxBatchSize - records.length);
      const extra = this.extra.length > room ? this.extra.splice(0, room) : this.extra;
      if (extra === this.extra) this.extra = [];
      this.enqueue({ records, extra, settled: false });
    }
    this.pump();
  }

  private flushWhenFull(): void {
    if (this.pending.length + this.extra.length >= this.limits.maxBatchSize && !this.flushQueued) {
      // Off the hot path: the engine's callback returns before we build and serialize.
      this.flushQueued = true;
      setImmediate(() => { this.flushQueued = false; this.flush(); });
    }
  }

  /**
   * Flushes everything and waits until every batch is exported or spilled. At the deadline,
   * batches still queued or in flight are spilled (an in-flight one that later succeeds would then
   * be sent twice; replay of duplicates is harmless for span ids but is documented). While the
   * collector is down nothing waits: queued batches go straight to disk.
   */
  async shutdown(deadlineMs: number): Promise<SpanAccounting> {
    clearInterval(this.timer);
    this.flush();
    const idle = new Promise<void>((resolve) => { this.idleWaiters.push(resolve); this.checkIdle(); });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => { timer = setTimeout(() => resolve('late'), Math.max(0, deadlineMs - Date.now())); });
    const outcome = await Promise.race([idle, late]);
    clearTimeout(timer);
    if (outcome === 'late') {
      for (const batch of this.queue.splice(0)) this.spillBatch(batch);
      for (const batch of [...this.inFlight]) { this.inFlight.delete(batch); this.spillBatch(batch); }
    }
    while (this.spillWrites.size > 0) await Promise.all([...this.spillWrites]);
    await this.opts.close().catch(() => undefined);
    return this.accounting();
  }

  /** The collector just went down: what waits for an export slot goes to disk instead. */
  collectorWentDown(): void {
    this.pump();
  }

  private enqueue(batch: Batch): void {
    if (this.queue.length >= this.limits.maxQueuedBatches) this.spillBatch(batch);
    else this.queue.push(batch);
  }

  private pump(): void {
    // While the collector is down the sender spills at once (all but its probe): no slot to wait for.
    const slots = this.opts.collectorDown?.() === true ? Infinity : this.limits.maxInFlight;
    while (this.queue.length > 0 && this.inFlight.size < slots) this.send(this.queue.shift()!);
    this.checkIdle();
  }

  private send(batch: Batch): void {
    const body = this.serializeBatch(batch);
    if (!body) {
      this.settle(batch, 'dropped');
      return;
    }
    batch.body = body;
    this.inFlight.add(batch);
    void this.opts.send(body.bytes).then((result) => {
      if (!this.inFlight.delete(batch)) return; // already spilled at the shutdown deadline
      if (result.ok) this.settle(batch, 'exported');
      else this.writeSpill(batch, body);
      this.pump();
    });
  }

  private spillBatch(batch: Batch): void {
    const body = batch.body ?? this.serializeBatch(batch);
    if (!body) this.settle(batch, 'dropped');
    else this.writeSpill(batch, body);
  }

  private writeSpill(batch: Batch, body: SerializedBatch): void {
    const write = this.opts.spill.write('traces', this.opts.spillExt, body.bytes, body.spans)
      .then(() => this.settle(batch, 'spilled'), () => this.settle(batch, 'dropped'))
      .finally(() => { this.spillWrites.delete(write); this.checkIdle(); });
    this.spillWrites.add(write);
  }

  /** Records become span bytes only here, once per batch. */
  private serializeBatch(batch: Batch): SerializedBatch | undefined {
    try {
      const bytes = this.opts.serialize(batch.records, batch.extra);
      return bytes ? { bytes, spans: batch.records.length + batch.extra.length } : undefined;
    } catch {
      return undefined;
    }
  }

  private settle(batch: Batch, outcome: 'exported' | 'spilled' | 'dropped'): void {
    if (batch.settled) return;
    batch.settled = true;
    this.counts[outcome] += batch.records.length;
  }

  private checkIdle(): void {
    if (this.idleWaiters.length === 0) return;
    if (this.queue.length > 0 || this.inFlight.size > 0 || this.spillWrites.size > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
