import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import type { RequestRecord } from '../engine';
import { flowSpan } from './flow-span';
import { readOtlpConfig } from './otlp-config';
import { traceBatchSerializer } from './otlp-serializers';
import { encodeTraceRequest } from './protobuf-span-encoder';
import { requestSpan } from './request-span';
import { encodeRequestBatch } from './request-span-encoder';
import { RunSpans } from './run-spans';
import { buildTelemetryResource } from './telemetry-resource';
import { fakeFlowIteration, fakeRecord } from './test-records';

describe('encodeRequestBatch', () => {
  const resource = buildTelemetryResource(readOtlpConfig({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci,team=ü' }),
    { runId: 'run-1', scenario: 'enc', workerIndex: 3 });
  /** The records as spans through the span encoder (itself tested byte for byte against the transformer). */
  const viaSpans = (records: RequestRecord[], extra: ReadableSpan[], runId = 'run-1'): Buffer =>
    Buffer.from(encodeTraceRequest([...records.map((r) => requestSpan(r, runId, resource)), ...extra])!);
  const expectSameBytes = (records: RequestRecord[], extra: ReadableSpan[] = [], runId = 'run-1'): void => {
    const direct = encodeRequestBatch(records, extra, runId, resource);
    expect(direct).toBeDefined();
    expect(Buffer.from(direct!).equals(viaSpans(records, extra, runId))).toBe(true);
  };

  it('plain requests, failures, odd times and urls: the same bytes as requestSpan + the span encoder', () => {
    const long = `http://127.0.0.1:8080/${'x'.repeat(200)}?q=${'y'.repeat(20_000)}`;
    expectSameBytes([
      ...Array.from({ length: 300 }, (_, i) => fakeRecord(i)),
      fakeRecord(1, { name: 'prédiction ✓', url: 'http://127.0.0.1:8080/ä?x=😀' }),
      fakeRecord(2, { url: long, ttfb: undefined }),
      fakeRecord(3, { status: 0, errorType: 'timeout', errorMessage: 'x'.repeat(300) }),
      fakeRecord(4, { intendedStart: 1_700_000_000_999.75, start: 1_700_000_000_999.75, end: 1_800_000_000_000.125 }),
      fakeRecord(5, { start: Date.now() + 1.5, errorType: 'ECONNREFUSED', errorMessage: 'connect ECONNREFUSED http://u:secret@x/?token=abc', status: 0 }),
      fakeRecord(6, { stage: 3, vu: 100_000, serverPort: 443, serverAddress: 'example.test' }),
    ]);
  });

  it('the cached definition part follows a change of method, name, server or run id under the same url', () => {
    const url = 'http://127.0.0.1:8080/same';
    const records = [
      fakeRecord(1, { url }), fakeRecord(2, { url, method: 'POST' }), fakeRecord(3, { url, name: 'other' }),
      fakeRecord(4, { url, serverAddress: '10.0.0.1' }), fakeRecord(5, { url, serverPort: 9090 }), fakeRecord(6, { url }),
    ];
    expectSameBytes(records);
    expectSameBytes(records, [], 'run-2');
  });

  it('flow steps (parent, tags, failed check, excerpt, pod) with their flow span and the run spans riding along', () => {
    const { flow, steps } = fakeFlowIteration();
    steps.push(fakeRecord(10, { targetPod: 'pod-7' }));
    const run = new RunSpans('enc', 'run-1', resource, () => ({ stage: 0, targetRate: 12.5, inFlight: 0, sent: 0, completed: 0, dropped: 0 }));
    run.runStarted(Date.now() - 1000, 'open');
    run.stageStarted(0, Date.now() - 900);
    expectSameBytes(steps, [flowSpan(flow, 'run-1', resource), ...run.take()]);
  });

  it('leaves a batch to the span path when a span rides along that it cannot write in the same group', () => {
    const other = resourceFromAttributes({ 'service.name': 'other' });
    const base = requestSpan(fakeRecord(7), 'run-1', resource);
    expect(encodeRequestBatch([fakeRecord(1)], [{ ...base, resource: other }], 'run-1', resource)).toBeUndefined();
    expect(encodeRequestBatch([fakeRecord(1)], [{ ...base, events: [{ name: 'e', time: base.startTime }] }], 'run-1', resource)).toBeUndefined();
    expect(encodeRequestBatch([fakeRecord(1)], [{ ...base, attributes: { list: ['a', 'b'] } }], 'run-1', resource)).toBeUndefined();
    expect(encodeRequestBatch([], [base], 'run-1', resource)).toBeUndefined();
    // The serializer then takes the span path, with the same content.
    const serialize = traceBatchSerializer('http/protobuf', 'run-1', resource);
    const records = [fakeRecord(1)];
    const mixed = [{ ...base, resource: other }];
    expect(Buffer.from(serialize(records, mixed)!).equals(viaSpans(records, mixed))).toBe(true);
    expect(Buffer.from(serialize([], [base])!).equals(viaSpans([], [base]))).toBe(true);
  });
});
