import { newTraceIds, type RequestRecord } from '../engine';

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
