import { sampleSummary } from './sample-summary';
import type { BreakdownStats, LatencyStats, Summary } from './types';

/** For the printer tests: figures chosen by hand so the expected text is literal. */
function latency(p50: number, p95: number, p99: number): LatencyStats {
  return { min: Math.round(p50 / 2), avg: p50 + 4, p50, p90: p95 - 10, p95, p99, p999: p99, max: p99 + 10 };
}

function step(requests: number, failed: number, rps: number, l: LatencyStats, errors: Record<string, number>): BreakdownStats {
  return { requests, failed, errorRate: requests === 0 ? 0 : failed / requests, rps, latency: l, ttfb: l, scheduleLag: latency(0, 0, 0), errors };
}

/**
 * sampleSummary plus two flows: `checkout` (login → cart; 6 of 120 iterations failed, 4 error
 * types) and `browse` (list → item; none failed). The steps' entries sit among the plain requests
 * (`checkout.login` before `health`) so the printers must group them.
 */
export function sampleFlowSummary(): Summary {
  const s = sampleSummary();
  const { predict, health } = s.requests as Record<'predict' | 'health', BreakdownStats>;
  s.requests = {
    predict,
    'checkout.login': step(120, 2, 2, latency(40, 90, 120), { timeout: 2 }),
    health,
    'checkout.cart': step(118, 5, 1.97, latency(150, 480, 900), { expectation_failed: 3, capture_failed: 1, 503: 1 }),
    'browse.list': step(300, 0, 5, latency(20, 35, 50), {}),
    'browse.item': step(300, 0, 5, latency(25, 45, 60), {}),
  };
  s.flows = {
    checkout: {
      iterations: 120, failed: 6, successRate: 0.95, incomplete: 2, stepsSent: 238, stepsFailed: 7, rate: 2,
      failedAt: { 'checkout.cart': 4, 'checkout.login': 2 },
      errors: { expectation_failed: 3, timeout: 1, capture_failed: 1, 503: 1 },
      duration: latency(1200, 2300, 2900),
    },
    browse: {
      iterations: 300, failed: 0, successRate: 1, incomplete: 0, stepsSent: 600, stepsFailed: 0, rate: 5,
      failedAt: {}, errors: {}, duration: latency(80, 120, 150),
    },
  };
  return s;
}
