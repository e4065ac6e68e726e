import { ValueType, type Attributes, type HrTime } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality, DataPointType,
  type CollectionResult, type MetricData, type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { RequestRecord } from '../engine';
import {
  LATENCY_BOUNDS_S, SCHEDULE_LAG_BOUNDS_S, TOKEN_BOUNDS, latencyBucket, scheduleLagBucket, tokenBucket,
} from './histogram-buckets';
import { msToHrTime } from './hr-time';
import { TELEMETRY_SCOPE } from './finished-span';
import { tagAttributes } from './tag-attributes';

/** Cumulative explicit-bucket histogram state; counts[i] is bucket i of `bounds`. */
class HistogramState {
  readonly counts: Float64Array;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;

  constructor(bucketCount: number) {
    this.counts = new Float64Array(bucketCount);
  }

  record(v: number, bucket: number): void {
    this.counts[bucket]!++;
    this.count++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
}

interface Series {
  attributes: Attributes;
  duration: HistogramState;
  scheduleLag: HistogramState;
  ttfb: HistogramState;
  /** Requests with `extract:` only (created on first use). */
  firstChunk: HistogramState | undefined;
  tokens: HistogramState | undefined;
  /** Streamed answers with two or more tokens: (end − first chunk) ÷ (tokens − 1). */
  perOutputToken: HistogramState | undefined;
}

/** The series a request name last went to, and what chose it. */
interface LastSeries {
  method: string;
  status: number;
  errorType: string | undefined;
  serverAddress: string;
  tags: RequestRecord['tags'];
  series: Series;
}

/**
 * The three per-request histograms, aggregated here rather than with SDK instruments:
 * `Histogram.record` with six attributes costs ~3 µs (it hashes the attribute object on
 * every call); a string key into a Map plus three bucket lookups costs a fraction of that.
 * The SDK's PeriodicExportingMetricReader pulls the points through this MetricProducer.
 */
export class RequestMetrics implements MetricProducer {
  private readonly series = new Map<string, Series>();
  private readonly lastByName = new Map<string, LastSeries>();
  private readonly startTime: HrTime;

  constructor(private readonly runId: string, private readonly resource: Resource, startMs = Date.now()) {
    this.startTime = msToHrTime(startMs);
  }

  record(r: RequestRecord): void {
    const s = this.seriesOf(r);
    const duration = (r.end - r.intendedStart) / 1000;
    s.duration.record(duration, latencyBucket(duration));
    const lag = (r.start - r.intendedStart) / 1000;
    s.scheduleLag.record(lag, scheduleLagBucket(lag));
    if (r.ttfb !== undefined) {
      const ttfb = (r.ttfb - r.intendedStart) / 1000;
      s.ttfb.record(ttfb, latencyBucket(ttfb));
    }
    if (r.firstChunk !== undefined) {
      const first = (r.firstChunk - r.intendedStart) / 1000;
      (s.firstChunk ??= new HistogramState(LATENCY_BOUNDS_S.length + 1)).record(first, latencyBucket(first));
    }
    if (r.tokens !== undefined) (s.tokens ??= new HistogramState(TOKEN_BOUNDS.length + 1)).record(r.tokens, tokenBucket(r.tokens));
    if (r.streamed === true && r.firstChunk !== undefined && r.tokens !== undefined && r.tokens >= 2) {
      const tpot = (r.end - r.firstChunk) / 1000 / (r.tokens - 1);
      (s.perOutputToken ??= new HistogramState(LATENCY_BOUNDS_S.length + 1)).record(tpot, latencyBucket(tpot));
    }
  }

  /**
   * The series of a record: usually the one the previous record of the same name went to (a
   * request's answers rarely change status), else found by a key of everything that varies in
   * the attribute set, joined by a separator that cannot occur in them.
   */
  private seriesOf(r: RequestRecord): Series {
    const last = this.lastByName.get(r.name);
    if (last !== undefined && last.status === r.status && last.errorType === r.errorType && last.method === r.method
      && last.serverAddress === r.serverAddress && last.tags === r.tags) return last.series;
    // The tags' part is computed once per tags object (tag-attributes.ts).
    const tags = tagAttributes(r.tags);
    const key = `${r.name}\u0001${r.method}\u0001${r.status}\u0001${r.errorType ?? ''}\u0001${r.serverAddress}\u0001${tags.key}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = this.newSeries(r, tags.attributes);
      this.series.set(key, s);
    }
    this.lastByName.set(r.name, { method: r.method, status: r.status, errorType: r.errorType, serverAddress: r.serverAddress, tags: r.tags, series: s });
    return s;
  }

  /** Requests recorded so far (all series). */
  requestCount(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.duration.count;
    return n;
  }

  async collect(): Promise<CollectionResult> {
    const now = msToHrTime(Date.now());
    const all = [...this.series.values()];
    const metrics: MetricData[] = [
      this.histogram('http.client.request.duration', 'Duration of HTTP client requests, from the intended send time (coordinated-omission corrected).',
        LATENCY_BOUNDS_S, all.map((s) => [s.attributes, s.duration]), now),
      this.histogram('loadtest.request.schedule_lag', 'Delay between a request\'s intended and actual send time.',
        SCHEDULE_LAG_BOUNDS_S, all.map((s) => [s.attributes, s.scheduleLag]), now),
      this.histogram('loadtest.request.time_to_first_byte', 'Time from the intended send time to the response headers.',
        LATENCY_BOUNDS_S, all.filter((s) => s.ttfb.count > 0).map((s) => [s.attributes, s.ttfb]), now),
    ];
    const firstChunk = all.filter((s) => s.firstChunk !== undefined).map((s): [Attributes, HistogramState] => [s.attributes, s.firstChunk as HistogramState]);
    if (firstChunk.length > 0) {
      metrics.push(this.histogram('loadtest.request.time_to_first_chunk', 'Time from the intended send time to the first response body chunk (requests with extract).',
        LATENCY_BOUNDS_S, firstChunk, now));
    }
    const tokens = all.filter((s) => s.tokens !== undefined).map((s): [Attributes, HistogramState] => [s.attributes, s.tokens as HistogramState]);
    if (tokens.length > 0) {
      metrics.push(this.histogram('loadtest.tokens', 'Tokens per response read at the request\'s extract.tokens path; sum / time is tokens per second.',
        TOKEN_BOUNDS, tokens, now, '{token}'));
    }
    const tpot = all.filter((s) => s.perOutputToken !== undefined).map((s): [Attributes, HistogramState] => [s.attributes, s.perOutputToken as HistogramState]);
    if (tpot.length > 0) {
      metrics.push(this.histogram('loadtest.request.time_per_output_token', 'Streamed answers: (end − first chunk) / (tokens − 1), the pace after the first token (TPOT).',
        LATENCY_BOUNDS_S, tpot, now));
    }
    return {
      resourceMetrics: { resource: this.resource, scopeMetrics: [{ scope: TELEMETRY_SCOPE, metrics }] },
      errors: [],
    };
  }

  private newSeries(r: RequestRecord, tags: Readonly<Attributes>): Series {
    const attributes: Attributes = {
      'http.request.method': r.method,
      'loadtest.request.name': r.name,
      'server.address': r.serverAddress,
      'loadtest.run.id': this.runId,
    };
    if (r.status > 0) attributes['http.response.status_code'] = r.status;
    if (r.errorType !== undefined) attributes['error.type'] = r.errorType;
    Object.assign(attributes, tags);
    return {
      attributes,
      duration: new HistogramState(LATENCY_BOUNDS_S.length + 1),
      scheduleLag: new HistogramState(SCHEDULE_LAG_BOUNDS_S.length + 1),
      ttfb: new HistogramState(LATENCY_BOUNDS_S.length + 1),
      firstChunk: undefined,
      tokens: undefined,
      perOutputToken: undefined,
    };
  }

  private histogram(
    name: string, description: string, bounds: readonly number[],
    points: [Attributes, HistogramState][], now: HrTime, unit = 's',
  ): MetricData {
    return {
      descriptor: { name, description, unit, valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.CUMULATIVE,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: points.map(([attributes, h]) => ({
        attributes,
        startTime: this.startTime,
        endTime: now,
        value: {
          buckets: { boundaries: bounds.slice(), counts: Array.from(h.counts) },
          count: h.count,
          sum: h.sum,
          ...(h.count > 0 ? { min: h.min, max: h.max } : {}),
        },
      })),
    };
  }
}
