/**
 * What the engine emits. One `RequestRecord` per request, the plain object that the
 * results aggregator and the telemetry pipeline both consume (data flows one way).
 * Times are epoch milliseconds with sub-ms precision (performance.timeOrigin + now()).
 */

export interface RequestRecord {
  /** 32 hex chars; also sent to the target in `traceparent`. */
  traceId: string;
  /** 16 hex chars: the CLIENT span's id (parent of the target's server span). */
  spanId: string;
  name: string;
  method: string;
  /** Full URL with secrets redacted. */
  url: string;
  serverAddress: string;
  serverPort: number;
  /** 0-based stage index. */
  stage: number;
  /** Closed model: 1-based VU number; open model: 0. */
  vu: number;
  iteration: number;
  /** When the request should have been sent (open model schedule; closed model = start). */
  intendedStart: number;
  /** When it was handed to the connection pool. */
  start: number;
  /** Response headers received; undefined if none arrived. */
  ttfb?: number;
  end: number;
  /** HTTP status; 0 when no response. */
  status: number;
  /** Set for every failed request: `timeout`, `ECONNREFUSED`, `ECONNRESET`, `500`, `expectation_failed`, … */
  errorType?: string;
  errorMessage?: string;
  /** Value of the scenario's podHeader in the response. */
  targetPod?: string;
  bytesReceived: number;
  /** Requests with `extract`: the token count read from a successful response (undefined if absent). */
  tokens?: number;
  /** Requests with `extract`: when the first body chunk arrived. */
  firstChunk?: number;
  /** Requests with a token `extract`: the body was an event stream (SSE or NDJSON), so its tokens arrived over time. */
  streamed?: boolean;
  /** `tags:` of the request or its flow (the prepared request's own object: never mutate). */
  tags?: Readonly<Record<string, string>>;
  /** Flow steps: the flow's name; the CLIENT span's parent is the iteration's `flow NAME` span. */
  flow?: string;
  /** Flow steps: the INTERNAL `flow NAME` span's id (same traceId). */
  parentSpanId?: string;
  /** `expectation_failed` / `capture_failed`: which one, e.g. `json $.items[0].id exists`, `capture token ($.token) found nothing`. */
  check?: string;
  /** With `check`: the start of the response body (≤ 200 chars, secrets redacted) for the failure's story. */
  bodyExcerpt?: string;
}

/** One iteration of a flow (its steps are RequestRecords with `flow` set); becomes the INTERNAL `flow NAME` span. */
export interface FlowRecord {
  name: string;
  traceId: string;
  /** The INTERNAL span's id: parent of every step's CLIENT span. */
  spanId: string;
  stage: number;
  vu: number;
  iteration: number;
  /** When the iteration should have started (open model: its arrival; closed: its start). */
  intendedStart: number;
  start: number;
  end: number;
  /** Steps sent (the rest were skipped after a failed capture, or by the run's stop). */
  stepsSent: number;
  stepsTotal: number;
  /** Steps that failed. */
  stepsFailed: number;
  /** The first failed step's name and error.type, when one failed. */
  failedStep?: string;
  errorType?: string;
  tags?: Readonly<Record<string, string>>;
}

/** Latency the way we report it: from the intended send time (coordinated-omission free). */
export function latencyMs(r: RequestRecord): number {
  return r.end - r.intendedStart;
}

export function scheduleLagMs(r: RequestRecord): number {
  return r.start - r.intendedStart;
}

/** Receives engine output. Implementations must be cheap: they run on the hot path. */
export interface RunObserver {
  onRequest(record: RequestRecord): void;
  /** An open-model arrival was dropped because `maxInFlight` was reached. */
  onDropped(stage: number, at: number): void;
  onStage(stage: number, at: number): void;
  /** A flow iteration ended (after its last step's onRequest). */
  onFlow(record: FlowRecord): void;
}

/** Live engine gauges, sampled by progress output and metrics. */
export interface EngineGauges {
  stage: number;
  /** Open: current target arrivals/s; closed: undefined. */
  targetRate?: number;
  /** Closed: active VUs; open: undefined. */
  vus?: number;
  inFlight: number;
  sent: number;
  completed: number;
  dropped: number;
}
