import { SpanKind, SpanStatusCode, TraceFlags, type Attributes, type SpanContext } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { FlowRecord } from '../engine';
import { finishedSpan, OK_STATUS } from './finished-span';
import { msToHrTime } from './hr-time';
import { roundMs } from './request-span';
import { addTagAttributes } from './tag-attributes';

/**
 * The INTERNAL `flow {name}` span of one flow iteration: the root of the iteration's trace, parent
 * of each step's CLIENT span. Like a request span it starts at the *intended* start (the first
 * step's own intended send time), so the steps sit inside it and its duration is the journey's
 * coordinated-omission-corrected time; `loadtest.flow.schedule_lag_ms` is the generator's delay.
 */
export function flowSpan(f: FlowRecord, runId: string, resource: Resource): ReadableSpan {
  const startTime = msToHrTime(f.intendedStart);
  const endTime = msToHrTime(Math.max(f.end, f.intendedStart));
  const context: SpanContext = { traceId: f.traceId, spanId: f.spanId, traceFlags: TraceFlags.SAMPLED };
  return finishedSpan({
    name: `flow ${f.name}`,
    kind: SpanKind.INTERNAL,
    context,
    parent: undefined,
    startTime,
    endTime,
    status: f.stepsFailed > 0 ? { code: SpanStatusCode.ERROR, message: flowStatusMessage(f) } : OK_STATUS,
    attributes: flowAttributes(f, runId),
  }, resource);
}

/** The contract's flow-span attributes (docs/telemetry.md). */
export function flowAttributes(f: FlowRecord, runId: string): Attributes {
  const a: Attributes = {
    'loadtest.run.id': runId,
    'loadtest.flow.name': f.name,
    'loadtest.stage': f.stage,
    'loadtest.vu': f.vu,
    'loadtest.flow.steps': f.stepsTotal,
    'loadtest.flow.steps_sent': f.stepsSent,
    'loadtest.flow.steps_failed': f.stepsFailed,
    'loadtest.flow.schedule_lag_ms': roundMs(f.start - f.intendedStart),
  };
  if (f.failedStep !== undefined) a['loadtest.flow.failed_step'] = f.failedStep;
  if (f.errorType !== undefined) a['error.type'] = f.errorType;
  addTagAttributes(a, f.tags);
  return a;
}

function flowStatusMessage(f: FlowRecord): string {
  const failed = f.stepsFailed === 1 ? '1 step failed' : `${f.stepsFailed} steps failed`;
  if (f.failedStep === undefined) return failed;
  return `${failed}, first ${f.failedStep}${f.errorType !== undefined ? ` (${f.errorType})` : ''}`;
}
