import { SpanKind, type Attributes } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { flowSpan } from './flow-span';
import { readOtlpConfig } from './otlp-config';
import { encodeTraceRequest } from './protobuf-span-encoder';
import { requestSpan } from './request-span';
import { RunSpans } from './run-spans';
import { buildTelemetryResource } from './telemetry-resource';
import { fakeFlowIteration, fakeRecord } from './test-records';

describe('encodeTraceRequest', () => {
  const resource = buildTelemetryResource(readOtlpConfig({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=ci,team=ü' }),
    { runId: 'run-1', scenario: 'enc', workerIndex: 3 });
  const expectSameBytes = (spans: ReadableSpan[]): void => {
    const ours = encodeTraceRequest(spans);
    expect(ours).toBeDefined();
    expect(Buffer.from(ours!).equals(Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!))).toBe(true);
  };

  it('request spans: the same bytes as the transformer', () => {
    const long = `http://127.0.0.1:8080/${'x'.repeat(200)}?q=${'y'.repeat(20_000)}`;
    const records = [
      ...Array.from({ length: 300 }, (_, i) => fakeRecord(i)),
      fakeRecord(1, { name: 'prédiction ✓', url: 'http://127.0.0.1:8080/ä?x=😀', targetPod: 'pod-7' }),
      fakeRecord(2, { url: long, ttfb: undefined }),
      fakeRecord(3, { status: 0, errorType: 'timeout', errorMessage: 'x'.repeat(300) }),
      fakeRecord(4, { intendedStart: 1_700_000_000_999.75, start: 1_700_000_000_999.75, end: 1_800_000_000_000.125 }),
    ];
    expectSameBytes(records.map((r) => requestSpan(r, 'run-1', resource)));
  });

  it('run and stage spans, odd attribute values, several resources', () => {
    const run = new RunSpans('enc', 'run-1', resource, () => ({ stage: 0, targetRate: 12.5, inFlight: 0, sent: 0, completed: 0, dropped: 0 }));
    run.runStarted(Date.now() - 1000, 'open');
    run.stageStarted(0, Date.now() - 900);
    run.stageStarted(1, Date.now() - 500);
    run.runEnded(Date.now(), 'failed');
    const odd: Attributes = { neg: -5, big: 2 ** 60, negBig: -(2 ** 40), half: 0.5, t: true, f: false, none: undefined, empty: '' };
    const other = resourceFromAttributes({ 'service.name': 'other', n: 1 });
    const base = requestSpan(fakeRecord(5), 'run-1', resource);
    const spans: ReadableSpan[] = [
      ...run.take(),
      { ...base, attributes: odd, kind: SpanKind.SERVER },
      { ...requestSpan(fakeRecord(6), 'run-1', other), parentSpanContext: { traceId: base.spanContext().traceId, spanId: 'abcdef0123456789', traceFlags: 1, isRemote: true } },
      base,
    ];
    expectSameBytes(spans);
  });

  it('a flow iteration: its INTERNAL span and the step spans under it (parentSpanId), tags and a failed check', () => {
    const { flow, steps } = fakeFlowIteration();
    const spans = [...steps.map((r) => requestSpan(r, 'run-1', resource)), flowSpan(flow, 'run-1', resource)];
    expectSameBytes(spans);
    // The transformer's JSON of the same spans: the steps name their parent, the flow span is INTERNAL.
    const json = JSON.parse(Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString('utf8')) as {
      resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ spanId: string; parentSpanId?: string; kind: number; name: string }> }> }>;
    };
    const written = json.resourceSpans[0]!.scopeSpans[0]!.spans;
    expect(written.map((s) => [s.name, s.kind, s.parentSpanId])).toEqual([
      ['GET checkout.login', 3, flow.spanId], ['GET checkout.pay', 3, flow.spanId], ['flow checkout', 1, undefined],
    ]);
    // The protobuf bytes carry the parent id (field 4) of each step: 0x22, length 8, the id.
    const bytes = Buffer.from(encodeTraceRequest(spans)!);
    const parentField = Buffer.concat([Buffer.from([0x22, 8]), Buffer.from(flow.spanId, 'hex')]);
    let found = 0;
    for (let at = bytes.indexOf(parentField); at >= 0; at = bytes.indexOf(parentField, at + 1)) found++;
    expect(found).toBe(2);
  });

  it('leaves spans with events or array attributes to the transformer', () => {
    const base = requestSpan(fakeRecord(7), 'run-1', resource);
    expect(encodeTraceRequest([{ ...base, events: [{ name: 'e', time: base.startTime }] }])).toBeUndefined();
    expect(encodeTraceRequest([{ ...base, attributes: { list: ['a', 'b'] } }])).toBeUndefined();
  });
});
