import { newTraceIds, type FlowRecord, type RequestRecord } from '../engine';

/** Synthetic request records for telemetry tests and benchmarks (not used by the runner). */
export function fakeRecord(i: number, overrides: Partial<RequestRecord> = {}): RequestRecord {
  const { traceId, spanId } = newTraceIds();
  const intendedStart = Date.now() - 50 + (i % 7) * 0.123;
  const failed = i % 10 === 9;
  return {
    traceId, spanId,
    name: failed ? 'fail' : 'ok',
    method: 'GET',
    url: `http://127.0.0.1:8080/${failed ? 'fail' : 'ok'}?page=${i}`,
    serverAddress: '127.0.0.1', serverPort: 8080,
    stage: 0, vu: (i % 10) + 1, iteration: i,
    intendedStart,
    start: intendedStart + 0.25,
    ttfb: intendedStart + 10,
    end: intendedStart + 12.5 + (i % 100),
    status: failed ? 500 : 200,
    ...(failed ? { errorType: '500', errorMessage: 'HTTP 500' } : {}),
    bytesReceived: 100,
    ...overrides,
  };
}

/** A flow iteration of two steps under its `flow checkout` span: tags, a parent, a failed capture with its check and body excerpt. */
export function fakeFlowIteration(): { flow: FlowRecord; steps: RequestRecord[] } {
  const first = fakeRecord(8);
  const flow: FlowRecord = {
    name: 'checkout', traceId: first.traceId, spanId: 'fedcba9876543210', stage: 0, vu: 2, iteration: 4,
    intendedStart: first.intendedStart, start: first.start, end: first.end + 30,
    stepsSent: 2, stepsTotal: 3, stepsFailed: 1, failedStep: 'checkout.pay', errorType: 'capture_failed', tags: { team: 'pay' },
  };
  const steps = [
    { ...first, name: 'checkout.login', flow: 'checkout', parentSpanId: flow.spanId, tags: flow.tags },
    fakeRecord(9, {
      traceId: first.traceId, name: 'checkout.pay', flow: 'checkout', parentSpanId: flow.spanId, tags: flow.tags,
      status: 200, errorType: 'capture_failed', check: 'capture order ($.id) found nothing', bodyExcerpt: '{"error":"sold out ✗"}',
    }),
  ];
  return { flow, steps };
}
