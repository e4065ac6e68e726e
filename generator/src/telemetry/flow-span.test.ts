import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { newTraceIds, type FlowRecord } from '../engine';
import { flowSpan } from './flow-span';

function flowRecord(overrides: Partial<FlowRecord> = {}): FlowRecord {
  const { traceId, spanId } = newTraceIds();
  return {
    name: 'checkout', traceId, spanId, stage: 1, vu: 3, iteration: 7,
    intendedStart: 1_700_000_000_100, start: 1_700_000_000_100.5, end: 1_700_000_000_350.25,
    stepsSent: 3, stepsTotal: 3, stepsFailed: 0,
    ...overrides,
  };
}

describe('flowSpan', () => {
  const resource = resourceFromAttributes({ 'service.name': 'scaletrace' });

  it('a flow iteration that passed: an INTERNAL root span from the intended start to the last step\'s end', () => {
    const f = flowRecord();
    const span = flowSpan(f, 'run-7', resource);
    expect(span.name).toBe('flow checkout');
    expect(span.kind).toBe(SpanKind.INTERNAL);
    expect(span.spanContext()).toMatchObject({ traceId: f.traceId, spanId: f.spanId, traceFlags: 1 });
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.startTime).toEqual([1_700_000_000, 100_000_000]);
    expect(span.endTime).toEqual([1_700_000_000, 350_250_000]);
    expect(span.duration).toEqual([0, 250_250_000]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'loadtest.run.id': 'run-7', 'loadtest.flow.name': 'checkout', 'loadtest.stage': 1, 'loadtest.vu': 3,
      'loadtest.flow.steps': 3, 'loadtest.flow.steps_sent': 3, 'loadtest.flow.steps_failed': 0,
      'loadtest.flow.schedule_lag_ms': 0.5,
    });
    expect(span.resource).toBe(resource);
  });

  it('a failed step: ERROR naming the first failed step, error.type, the skipped steps, and the tags', () => {
    const span = flowSpan(flowRecord({
      stepsSent: 2, stepsTotal: 4, stepsFailed: 1, failedStep: 'checkout.login', errorType: 'capture_failed',
      tags: { team: 'payments', tier: 'gold' },
    }), 'run-7', resource);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: '1 step failed, first checkout.login (capture_failed)' });
    expect(span.attributes).toMatchObject({
      'loadtest.flow.steps': 4, 'loadtest.flow.steps_sent': 2, 'loadtest.flow.steps_failed': 1,
      'loadtest.flow.failed_step': 'checkout.login', 'error.type': 'capture_failed',
      'loadtest.tag.team': 'payments', 'loadtest.tag.tier': 'gold',
    });
  });
});
