import { parseAutocannonJson, parseWrkOutput, parseWrkTime } from './tool-parsers';

// Verbatim wrk 4.1.0 output (Debian), with --latency.
const WRK = `Running 10s test @ http://127.0.0.1:18080/
  1 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   539.19us  663.96us   8.30ms   94.97%
    Req/Sec    99.96k    18.03k  150.85k    78.00%
  Latency Distribution
     50%  335.00us
     75%  512.00us
     90%    0.95ms
     99%    4.15ms
  993120 requests in 10.01s, 141.12MB read
Requests/sec:  99218.60
Transfer/sec:     14.10MB
`;

describe('parseWrkOutput', () => {
  it('reads the rate, totals and latency percentiles', () => {
    expect(parseWrkOutput(WRK)).toEqual({
      rps: 99218.6, requests: 993120, durationS: 10.01, p50Ms: 0.335, p99Ms: 4.15, errors: 0, non2xx: 0,
    });
  });

  it('sums socket errors and reads non-2xx responses', () => {
    const text = WRK.replace('Requests/sec', '  Socket errors: connect 1, read 2, write 3, timeout 4\n  Non-2xx or 3xx responses: 17\nRequests/sec');
    const r = parseWrkOutput(text);
    expect(r.errors).toBe(10);
    expect(r.non2xx).toBe(17);
  });

  it('leaves percentiles undefined without --latency and reads minute durations', () => {
    const text = WRK.replace(/ {2}Latency Distribution[\s\S]*?99%\s+\S+\n/, '').replace('in 10.01s', 'in 1.00m');
    const r = parseWrkOutput(text);
    expect(r.p50Ms).toBeUndefined();
    expect(r.p99Ms).toBeUndefined();
    expect(r.durationS).toBe(60);
  });

  it('rejects output without a result (e.g. wrk failed to connect)', () => {
    expect(() => parseWrkOutput('unable to connect to 127.0.0.1:1 Connection refused\n')).toThrow(/Requests\/sec/);
  });
});

describe('parseWrkTime', () => {
  it.each([['539.19us', 0.53919], ['8.30ms', 8.3], ['5.01s', 5010], ['1.50m', 90_000]])('%s → %d ms', (text, ms) => {
    expect(parseWrkTime(text)).toBeCloseTo(ms, 6);
  });
  it('rejects unknown units', () => {
    expect(() => parseWrkTime('3.2ns')).toThrow(/unreadable/);
  });
});

// Trimmed autocannon 8 --json output (the fields the bench reads, as autocannon writes them).
const AUTOCANNON = {
  url: 'http://127.0.0.1:18080/', connections: 50, pipelining: 1, duration: 10.05,
  errors: 3, timeouts: 2, non2xx: 5, '2xx': 268420,
  latency: { average: 1.31, p50: 1, p99: 6, max: 28 },
  requests: { average: 26843.2, total: 268425, sent: 268475 },
};

describe('parseAutocannonJson', () => {
  it('computes req/s as completed requests over the elapsed time', () => {
    expect(parseAutocannonJson(JSON.stringify(AUTOCANNON))).toEqual({
      rps: 26708.96, requests: 268425, durationS: 10.05, p50Ms: 1, p99Ms: 6, errors: 3, non2xx: 5,
    });
  });

  it('takes the JSON line when other lines precede it', () => {
    expect(parseAutocannonJson(`Running 10s test\n${JSON.stringify(AUTOCANNON)}\n`).requests).toBe(268425);
  });

  it('rejects non-JSON output and JSON without totals', () => {
    expect(() => parseAutocannonJson('Error: connect ECONNREFUSED')).toThrow(/not JSON/);
    expect(() => parseAutocannonJson(JSON.stringify({ duration: 10 }))).toThrow(/requests.total/);
  });
});
