import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { requestSpan } from './request-span';
import { fakeRecord } from './test-records';

describe('requestSpan', () => {
  const resource = resourceFromAttributes({ 'service.name': 'scaletrace' });

  it('a successful request: CLIENT span from intended start to end, contract attributes only when set', () => {
    const r = fakeRecord(0, { intendedStart: 1_700_000_000_123.25, start: 1_700_000_000_124, end: 1_700_000_000_223.5, ttfb: undefined, targetPod: 'pod-a' });
    const span = requestSpan(r, 'run-7', resource);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.name).toBe('GET ok');
    expect(span.spanContext()).toMatchObject({ traceId: r.traceId, spanId: r.spanId, traceFlags: 1 });
    expect(span.startTime).toEqual([1_700_000_000, 123_250_000]);
    expect(span.endTime).toEqual([1_700_000_000, 223_500_000]);
    expect(span.duration).toEqual([0, 100_250_000]);
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.attributes).toEqual({
      'http.request.method': 'GET', 'url.full': r.url, 'server.address': '127.0.0.1', 'server.port': 8080,
      'http.response.status_code': 200, 'loadtest.run.id': 'run-7', 'loadtest.request.name': 'ok',
      'loadtest.stage': 0, 'loadtest.vu': 1, 'loadtest.schedule_lag_ms': 0.75, 'loadtest.target.pod': 'pod-a',
    });
    expect(span.resource).toBe(resource);
  });

  it('a transport failure: ERROR status with the message, error.type, no status code', () => {
    const r = fakeRecord(1, { status: 0, errorType: 'ECONNREFUSED', errorMessage: 'connect ECONNREFUSED 127.0.0.1:1' });
    const span = requestSpan(r, 'run-7', resource);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'connect ECONNREFUSED 127.0.0.1:1' });
    expect(span.attributes['error.type']).toBe('ECONNREFUSED');
    expect(span.attributes).not.toHaveProperty('http.response.status_code');
    expect(span.attributes['loadtest.ttfb_ms']).toBe(10);
  });
});

describe('requestSpan of a flow step, with tags and a failed check', () => {
  const resource = resourceFromAttributes({ 'service.name': 'scaletrace' });

  it('a flow step is the child of its iteration\'s flow span (same trace, local parent) and names the flow', () => {
    const r = fakeRecord(0, { flow: 'checkout', parentSpanId: '0123456789abcdef', name: 'checkout.login' });
    const span = requestSpan(r, 'run-7', resource);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.parentSpanContext).toEqual({ traceId: r.traceId, spanId: '0123456789abcdef', traceFlags: 1, isRemote: false });
    expect(span.attributes['loadtest.flow.name']).toBe('checkout');
  });

  it('tags become loadtest.tag.KEY attributes', () => {
    const span = requestSpan(fakeRecord(0, { tags: { team: 'search', env: 'staging' } }), 'run-7', resource);
    expect(span.attributes).toMatchObject({ 'loadtest.tag.team': 'search', 'loadtest.tag.env': 'staging' });
  });

  it('a failed check: the check and the body excerpt as attributes, the status message names the check, no credentials', () => {
    const r = fakeRecord(0, {
      status: 200, errorType: 'expectation_failed', errorMessage: 'expectation failed',
      check: 'json $.items[0].id exists (absent)', bodyExcerpt: '{"items":[],"token":"REDACTED"}',
    });
    const span = requestSpan(r, 'run-7', resource);
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'expectation_failed: json $.items[0].id exists (absent)' });
    expect(span.attributes).toMatchObject({
      'error.type': 'expectation_failed', 'http.response.status_code': 200,
      'loadtest.check.failed': 'json $.items[0].id exists (absent)',
      'loadtest.response.body_excerpt': '{"items":[],"token":"REDACTED"}',
    });
    expect(Object.keys(span.attributes).filter((k) => /authorization|cookie|header/i.test(k))).toEqual([]);
  });
});
