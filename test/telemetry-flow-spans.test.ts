import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { newTraceIds, type FlowRecord, type RequestRecord } from '../generator/src/engine';
import { RunTelemetry } from '../generator/src/telemetry';
import { fakeRecord } from '../generator/src/telemetry/test-records';
import { startOtlpReceiver, type OtlpReceiver } from './fixtures/otlp-receiver';

/**
 * Issue 15 through RunTelemetry and a decoding OTLP receiver, in both protocols: one trace per flow
 * iteration (an INTERNAL `flow NAME` span, the steps' CLIENT spans under it), tags on spans and
 * request metrics, and a failed check on its step's span.
 */
describe.each(['http/protobuf', 'http/json'])('flow iterations exported as traces (%s)', (protocol) => {
  let dir: string;
  let receiver: OtlpReceiver | undefined;

  beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'scaletrace-flow-')); });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a flow span per iteration, its steps as children, tags and the failed check', async () => {
    receiver = await startOtlpReceiver();
    const telemetry = RunTelemetry.create({
      runId: `run-flow-${path.basename(dir)}`, scenario: 'flows', spillDir: path.join(dir, 'spill'), metricIntervalMs: 60_000,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol },
    });
    const tags = { team: 'pay', journey: 'checkout' };
    const iterations = 3;
    const flows: FlowRecord[] = [];
    const steps: RequestRecord[] = [];
    for (let i = 0; i < iterations; i++) {
      const { traceId, spanId } = newTraceIds();
      const login = fakeRecord(2 * i, { traceId, name: 'checkout.login', flow: 'checkout', parentSpanId: spanId, tags, status: 200, errorType: undefined, errorMessage: undefined });
      const failed = i === 2;
      const pay = fakeRecord(2 * i + 1, {
        traceId, name: 'checkout.pay', flow: 'checkout', parentSpanId: spanId, tags, status: 200, errorMessage: undefined,
        ...(failed ? { errorType: 'expectation_failed', check: 'json $.order.id exists (absent)', bodyExcerpt: '{"order":null}' } : { errorType: undefined }),
      });
      for (const r of [login, pay]) {
        steps.push(r);
        telemetry.onRequest(r);
      }
      const flow: FlowRecord = {
        name: 'checkout', traceId, spanId, stage: 0, vu: i + 1, iteration: i,
        intendedStart: login.intendedStart, start: login.start, end: pay.end,
        stepsSent: 2, stepsTotal: 2, stepsFailed: failed ? 1 : 0,
        ...(failed ? { failedStep: 'checkout.pay', errorType: 'expectation_failed' } : {}), tags,
      };
      flows.push(flow);
      telemetry.onFlow(flow);
    }
    telemetry.onRequest(fakeRecord(100, { name: 'plain', status: 200, errorType: undefined, errorMessage: undefined }));
    const accounting = await telemetry.shutdown();
    expect(accounting).toEqual({ created: steps.length + 1, exported: steps.length + 1, spilled: 0, dropped: 0 });

    const spans = receiver.spans();
    const flowSpans = spans.filter((s) => s.name === 'flow checkout');
    expect(flowSpans.map((s) => [s.traceId, s.spanId, s.kind, s.parentSpanId ?? ''])).toEqual(flows.map((f) => [f.traceId, f.spanId, 1, '']));
    for (const f of flows) {
      const children = spans.filter((s) => s.traceId === f.traceId && s.spanId !== f.spanId);
      // One trace per iteration: the flow span and exactly its two steps, both its children.
      expect(children.map((s) => [s.name, s.kind, s.parentSpanId])).toEqual([
        ['GET checkout.login', 3, f.spanId], ['GET checkout.pay', 3, f.spanId],
      ]);
      for (const c of children) expect(c.attributes).toMatchObject({ 'loadtest.flow.name': 'checkout', 'loadtest.tag.team': 'pay', 'loadtest.tag.journey': 'checkout' });
    }
    const failedFlow = flowSpans.find((s) => s.traceId === flows[2]!.traceId)!;
    expect(failedFlow.status.code).toBe(2);
    expect(failedFlow.attributes).toMatchObject({
      'loadtest.flow.name': 'checkout', 'loadtest.flow.steps': 2, 'loadtest.flow.steps_sent': 2, 'loadtest.flow.steps_failed': 1,
      'loadtest.flow.failed_step': 'checkout.pay', 'error.type': 'expectation_failed', 'loadtest.tag.team': 'pay',
    });
    const failedStep = spans.find((s) => s.traceId === flows[2]!.traceId && s.name === 'GET checkout.pay')!;
    expect(failedStep.status).toEqual({ code: 2, message: 'expectation_failed: json $.order.id exists (absent)' });
    expect(failedStep.attributes).toMatchObject({
      'loadtest.check.failed': 'json $.order.id exists (absent)', 'loadtest.response.body_excerpt': '{"order":null}',
    });
    // A request outside any flow stays a root span without flow or tag attributes.
    const plain = spans.find((s) => s.name === 'GET plain')!;
    expect(plain.parentSpanId ?? '').toBe('');
    expect(Object.keys(plain.attributes).filter((k) => k.startsWith('loadtest.tag.') || k.startsWith('loadtest.flow.'))).toEqual([]);

    // The request histogram: one series per (request, outcome, tags), the tags as attributes.
    const series = receiver.latestMetricPoints('http.client.request.duration')
      .map((p) => [p.attributes['loadtest.request.name'], p.attributes['loadtest.tag.team'], p.attributes['loadtest.tag.journey'], p.count]);
    expect(series).toEqual(expect.arrayContaining([
      ['checkout.login', 'pay', 'checkout', 3], ['checkout.pay', 'pay', 'checkout', 2], ['checkout.pay', 'pay', 'checkout', 1],
      ['plain', undefined, undefined, 1],
    ]));
    expect(series).toHaveLength(4);
  }, 30_000);
});
