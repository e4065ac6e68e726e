import { parseScenario } from '../scenario';
import { loopDelayIn } from './loop-delay-probe';
import { chatRequest, fdShortfall, openFileLimit, streamLoad, timingCheck } from './stream-runs';

// Verbatim from /proc/self/limits on the bench machine (Linux 6.18).
const LIMITS = `Limit                     Soft Limit           Hard Limit           Units     
Max cpu time              unlimited            unlimited            seconds   
Max stack size            8388608              unlimited            bytes     
Max processes             96362                96362                processes 
Max open files            20000                20000                files     
Max locked memory         8388608              8388608              bytes     
`;

describe('open file limit', () => {
  it('reads the soft and hard limits', () => {
    expect(openFileLimit(LIMITS)).toEqual({ soft: 20_000, hard: 20_000 });
    expect(openFileLimit(LIMITS.replace('20000                20000', '1024                 unlimited'))).toEqual({ soft: 1024, hard: 'unlimited' });
    expect(openFileLimit('')).toEqual({ soft: undefined, hard: undefined });
  });

  it('lets 10,000 streams run under 20,000 and says how to raise 1024', () => {
    expect(fdShortfall(10_000, { soft: 20_000, hard: 20_000 })).toBeUndefined();
    expect(fdShortfall(10_000, { soft: 1024, hard: 'unlimited' }))
      .toBe('10000 streams need ~12200 open files per process but ulimit -n is 1024 (hard unlimited): run `ulimit -n 12200` first');
    expect(fdShortfall(10_000, { soft: 'unlimited', hard: 'unlimited' })).toBeUndefined();
  });
});

describe('the streaming scenario', () => {
  it('is a valid scenario: open model at streams ÷ 5 s, a fill stage, then the measured stage', () => {
    const text = JSON.stringify({
      name: 'bench-streams', target: 'http://127.0.0.1:1', requests: [chatRequest()], load: streamLoad(2000, 10),
      http: { connections: 2450, pipelining: 1 }, gracefulStop: '15s',
    });
    const s = parseScenario(text, 'streams.yaml');
    expect(s.load).toMatchObject({ model: 'open', startRate: 400, maxInFlight: 3100 });
    expect(s.load.model === 'open' ? s.load.stages.map((st) => [st.durationMs, st.rate]) : []).toEqual([[6000, 400], [10_000, 400]]);
    expect(s.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', extract: { tokens: '$.usage.completion_tokens', firstChunk: true } });
  });
});

describe('timingCheck', () => {
  it('is exact within 2 ms at p50 and 5 ms at p99 of what the target did', () => {
    expect(timingCheck({ p50: 52, p99: 59.9 }, { p50: 50, p99: 55 })).toEqual({
      generator: { p50: 52, p99: 59.9 }, target: { p50: 50, p99: 55 }, diffMs: { p50: 2, p99: 4.9 }, exact: true,
    });
    expect(timingCheck({ p50: 52.1, p99: 55 }, { p50: 50, p99: 55 }).exact).toBe(false);
    expect(timingCheck({ p50: 50, p99: 60.1 }, { p50: 50, p99: 55 }).exact).toBe(false);
    // a generator that reports less time than the target took is off too
    expect(timingCheck({ p50: 47.5, p99: 55 }, { p50: 50, p99: 55 }).exact).toBe(false);
  });
});

describe('loopDelayIn', () => {
  it('takes nearest-rank percentiles of the samples inside the window only', () => {
    const at = Array.from({ length: 200 }, (_, i) => 1000 + i * 10);
    // 100 samples in [1000, 2000): delays 1..100 ms; the ones after the window are huge
    const delayMs = at.map((_, i) => (i < 100 ? i + 1 : 10_000));
    expect(loopDelayIn({ intervalMs: 10, at, delayMs }, 1000, 2000)).toEqual({ p50: 50, p99: 99, max: 100, samples: 100 });
    expect(loopDelayIn({ intervalMs: 10, at, delayMs }, 0, 1000)).toBeUndefined();
  });
});
