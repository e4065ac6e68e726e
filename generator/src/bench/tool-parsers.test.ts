import { parseAutocannonJson, parseLocustOutput, parseVegetaJson, parseWrkOutput, parseWrkTime } from './tool-parsers';

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
      percentilesMs: { p50: 0.335, p75: 0.512, p90: 0.95, p99: 4.15 },
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
    expect(r.percentilesMs).toBeUndefined();
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
  latency: { average: 1.31, p2_5: 0, p50: 1, p97_5: 4, p99: 6, p99_9: 12, max: 28 },
  requests: { average: 26843.2, total: 268425, sent: 268475 },
};

describe('parseAutocannonJson', () => {
  it('computes req/s as completed requests over the elapsed time', () => {
    expect(parseAutocannonJson(JSON.stringify(AUTOCANNON))).toEqual({
      rps: 26708.96, requests: 268425, durationS: 10.05, p50Ms: 1, p99Ms: 6, errors: 3, non2xx: 5,
      percentilesMs: { 'p2.5': 0, p50: 1, 'p97.5': 4, p99: 6, 'p99.9': 12 },
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

// Verbatim Locust 2.47.0 (FastHttpUser, 4 users, -t 2s, `--json -L WARNING`) against a 1-worker nginx:
// stdout, and the end of its stderr with the summary Locust prints itself.
const LOCUST_STDOUT = `[
    {
        "name": "/",
        "method": "GET",
        "last_request_timestamp": 1796291233.4553008,
        "start_time": 1796291231.6178393,
        "num_requests": 17365,
        "num_none_requests": 0,
        "num_failures": 0,
        "total_response_time": 5828.960812988953,
        "max_response_time": 20.29043500078842,
        "min_response_time": 0.10153199764317833,
        "total_content_length": 34730,
        "response_times": {
            "2": 128,
            "4": 14,
            "7": 4,
            "0": 16280,
            "1": 906,
            "3": 23,
            "5": 3,
            "8": 3,
            "20": 4
        },
        "num_reqs_per_sec": {
            "1796291231": 3625,
            "1796291232": 9498,
            "1796291233": 4242
        },
        "num_fail_per_sec": {}
    }
]
`;
const LOCUST_STDERR = `Type     Name                                                                          # reqs      # fails |    Avg     Min     Max    Med |   req/s  failures/s
--------|----------------------------------------------------------------------------|-------|-------------|-------|-------|-------|-------|--------|-----------
GET      /                                                                                  0     0(0.00%) |      0       0       0      0 |    0.00        0.00
--------|----------------------------------------------------------------------------|-------|-------------|-------|-------|-------|-------|--------|-----------
         Aggregated                                                                     17365     0(0.00%) |      0       0      20      0 | 9416.37        0.00

Response time percentiles (approximated)
Type     Name                                                                                  50%    66%    75%    80%    90%    95%    98%    99%  99.9% 99.99%   100% # reqs
--------|--------------------------------------------------------------------------------|--------|------|------|------|------|------|------|------|------|------|------|------
--------|--------------------------------------------------------------------------------|--------|------|------|------|------|------|------|------|------|------|------|------
         Aggregated                                                                              0      0      0      0      0      1      1      2      4     20     20  17365
`;

describe('parseLocustOutput', () => {
  it('takes req/s from Locust\'s own summary and the percentiles it prints from the --json histogram', () => {
    // every expected figure is the one in LOCUST_STDERR (Locust's table), not recomputed here
    expect(parseLocustOutput(LOCUST_STDOUT, LOCUST_STDERR)).toEqual({
      rps: 9416.37, requests: 17365, durationS: 1.837, p50Ms: 0, p99Ms: 2,
      percentilesMs: { p50: 0, p90: 0, p95: 1, p99: 2, 'p99.9': 4 },
      errors: 0, non2xx: 0,
    });
  });

  it('falls back to requests ÷ (last request − start) without the printed table', () => {
    // 17365 / (1796291233.4553008 − 1796291231.6178393 = 1.83746 s, computed with python3)
    expect(parseLocustOutput(LOCUST_STDOUT).rps).toBe(9450.54);
  });

  it('ignores a printed Aggregated line whose count is not the final one', () => {
    const early = LOCUST_STDERR.replace('17365     0(0.00%)', '12000     0(0.00%)');
    expect(parseLocustOutput(LOCUST_STDOUT, early).rps).toBe(9450.54);
  });

  it('counts failures and refuses output without requests', () => {
    expect(parseLocustOutput(LOCUST_STDOUT.replace('"num_failures": 0', '"num_failures": 7')).errors).toBe(7);
    expect(() => parseLocustOutput('[]', 'ConnectionRefusedError')).toThrow(/no request was made/);
    expect(() => parseLocustOutput('Traceback (most recent call last):')).toThrow(/not JSON/);
  });
});

// Verbatim `vegeta report -type=json` (v12.13.0): -rate=0 -max-workers=10 -duration=2s against nginx,
// and -rate=50/s against a closed port.
const VEGETA_MAX = '{"latencies":{"total":14169894151,"mean":159495,"50th":131380,"90th":241154,"95th":304032,"99th":881554,"max":7149675,"min":18828},"bytes_in":{"total":0,"mean":0},"bytes_out":{"total":0,"mean":0},"earliest":"2026-12-03T09:46:30.693622381Z","latest":"2026-12-03T09:46:32.693476666Z","end":"2026-12-03T09:46:32.693629043Z","duration":1999854285,"wait":152377,"requests":88842,"rate":44424.23663882091,"throughput":44420.85203414187,"success":1,"status_codes":{"200":88842},"errors":[]}\n';
const VEGETA_REFUSED = '{"latencies":{"total":16474607,"mean":329492,"50th":309757,"90th":478018,"95th":550552,"99th":759238,"max":759238,"min":142688},"bytes_in":{"total":0,"mean":0},"bytes_out":{"total":0,"mean":0},"earliest":"2026-12-03T09:46:35.105600777Z","latest":"2026-12-03T09:46:36.085758611Z","end":"2026-12-03T09:46:36.086097222Z","duration":980157834,"wait":338611,"requests":50,"rate":51.0121923894147,"throughput":0,"success":0,"status_codes":{"0":50},"errors":["Get \\"http://127.0.0.1:1/\\": dial tcp 0.0.0.0:0-\\u003e127.0.0.1:1: connect: connection refused"]}\n';

describe('parseVegetaJson', () => {
  it('reads req/s over attack + wait, its send rate and the percentiles in ms', () => {
    expect(parseVegetaJson(VEGETA_MAX)).toEqual({
      // 88842 / (1999854285 + 152377 ns)
      rps: 44420.85, requests: 88842, durationS: 2.0, p50Ms: 0.131, p99Ms: 0.882,
      percentilesMs: { p50: 0.131, p90: 0.241, p95: 0.304, p99: 0.882 },
      errors: 0, non2xx: 0, sendRate: 44424.24, attackS: 2.0,
    });
  });

  it('counts status 0 (no response) as errors and ≥ 400 as non-2xx', () => {
    expect(parseVegetaJson(VEGETA_REFUSED)).toMatchObject({ requests: 50, errors: 50, non2xx: 0 });
    expect(parseVegetaJson(VEGETA_MAX.replace('"status_codes":{"200":88842}', '"status_codes":{"200":88800,"503":42}')).non2xx).toBe(42);
  });

  it('rejects a report that is not vegeta JSON', () => {
    expect(() => parseVegetaJson('vegeta: error opening target file')).toThrow(/not JSON/);
    expect(() => parseVegetaJson('{"latencies":{}}')).toThrow(/requests/);
  });
});
