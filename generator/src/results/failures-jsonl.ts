import { redactUrlsInText, type RequestRecord } from '../engine';
import type { SampledFailure } from './failure-sampler';

/** The request's CLIENT span as exported (same name and attributes), for inline display. */
export interface FailureSpanDetails {
  name: string;
  kind: 'CLIENT';
  /** ISO 8601 with ms; the span starts at the intended send time. */
  startTime: string;
  endTime: string;
  durationMs: number;
  status: { code: 'ERROR'; message: string };
  attributes: Record<string, string | number | boolean>;
}

/** One line of failures.jsonl (documented in docs/results.md). */
export interface FailureLine {
  /** Intended send time (the span's start), ISO 8601. */
  time: string;
  /** Seconds from the run start to `time`. */
  elapsedS: number;
  request: string;
  method: string;
  /** Redacted like `url.full`. */
  url: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  errorType: string;
  errorMessage?: string;
  /** `expectation_failed` / `capture_failed`: the check that failed, e.g. `json $.items[0].id exists (absent)`. */
  check?: string;
  /** With `check`: the start of the response body (≤ 200 chars, secrets redacted). */
  bodyExcerpt?: string;
  /** Flow steps: the flow (its `flow NAME` span is the parent of `span`). */
  flow?: string;
  /** Latency from the intended start, ms. */
  durationMs: number;
  /** The serving pod (`loadtest.target.pod`), when the target names it. */
  pod?: string;
  traceId: string;
  spanId: string;
  stage: number;
  vu: number;
  kept: SampledFailure['kept'];
  timings: { scheduleLagMs: number; ttfbMs?: number };
  span: FailureSpanDetails;
}

export type SpanDetailsOf = (r: RequestRecord) => FailureSpanDetails;

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export function failureLine(f: SampledFailure, runStartedAt: number, spanOf: SpanDetailsOf): FailureLine {
  const r = f.record;
  return {
    time: new Date(r.intendedStart).toISOString(),
    elapsedS: round3((r.intendedStart - runStartedAt) / 1000),
    request: r.name,
    method: r.method,
    url: r.url,
    status: r.status,
    errorType: r.errorType ?? '',
    ...(r.errorMessage !== undefined ? { errorMessage: redactUrlsInText(r.errorMessage) } : {}),
    ...(r.check !== undefined ? { check: redactUrlsInText(r.check) } : {}),
    ...(r.bodyExcerpt !== undefined ? { bodyExcerpt: r.bodyExcerpt } : {}),
    ...(r.flow !== undefined ? { flow: r.flow } : {}),
    durationMs: round3(r.end - r.intendedStart),
    ...(r.targetPod !== undefined ? { pod: r.targetPod } : {}),
    traceId: r.traceId,
    spanId: r.spanId,
    stage: r.stage,
    vu: r.vu,
    kept: f.kept,
    timings: {
      scheduleLagMs: round3(r.start - r.intendedStart),
      ...(r.ttfb !== undefined ? { ttfbMs: round3(r.ttfb - r.intendedStart) } : {}),
    },
    span: spanOf(r),
  };
}

export function failuresJsonl(lines: readonly FailureLine[]): string {
  return lines.map((l) => `${JSON.stringify(l)}\n`).join('');
}

/** Parses failures.jsonl (blank lines ignored). */
export function parseFailuresJsonl(text: string): FailureLine[] {
  const out: FailureLine[] = [];
  for (const line of text.split('\n')) if (line.trim() !== '') out.push(JSON.parse(line) as FailureLine);
  return out;
}
