import type { RequestRecord } from '../engine';
import type { Scenario, ThresholdSpec } from '../scenario';
import { parseThreshold } from '../scenario';

/** Fixtures for the results tests: a small scenario and records with chosen timings. */
export function testScenario(thresholds: (string | ThresholdSpec)[] = [], model: 'open' | 'closed' = 'open'): Scenario {
  return {
    name: 'unit',
    file: '/tmp/unit.yaml',
    target: 'http://127.0.0.1:9',
    requests: [
      { name: 'predict', method: 'POST', target: 'http://127.0.0.1:9', path: '/predict', weight: 3, headers: {}, timeoutMs: 5000, tags: {}, transport: { http2: false }, cookies: false },
      { name: 'health', method: 'GET', target: 'http://127.0.0.1:9', path: '/health', weight: 1, headers: {}, timeoutMs: 5000, tags: {}, transport: { http2: false }, cookies: false },
    ],
    load: model === 'open'
      ? { model, startRate: 10, stages: [{ durationMs: 10_000, rate: 50 }, { durationMs: 10_000, rate: 200 }], maxInFlight: 100 }
      : { model, startVus: 1, stages: [{ durationMs: 10_000, vus: 20 }] },
    thresholds: thresholds.map((t) => (typeof t === 'string' ? parseThreshold(t) : t)),
    http: { connections: 10, pipelining: 1 },
    gracefulStopMs: 1000,
    data: [],
    flows: [],
  };
}

export interface RecordShape {
  name?: string;
  stage?: number;
  /** Intended start, epoch ms. */
  at: number;
  latencyMs: number;
  lagMs?: number;
  ttfbMs?: number;
  errorType?: string;
  bytes?: number;
}

export function record(s: RecordShape): RequestRecord {
  const lag = s.lagMs ?? 0;
  return {
    traceId: '0'.repeat(32), spanId: '0'.repeat(16),
    name: s.name ?? 'predict', method: 'GET', url: 'http://127.0.0.1:9/predict',
    serverAddress: '127.0.0.1', serverPort: 9, stage: s.stage ?? 0, vu: 0, iteration: 0,
    intendedStart: s.at, start: s.at + lag,
    ttfb: s.ttfbMs === undefined ? undefined : s.at + s.ttfbMs,
    end: s.at + s.latencyMs,
    status: s.errorType === undefined ? 200 : 500,
    errorType: s.errorType,
    bytesReceived: s.bytes ?? 0,
  };
}

/** Nearest-rank percentile, the definition HDR uses (the epsilon undoes 0.999 * 5000 = 4995.000000000001). */
export function bruteForcePercentile(sorted: readonly number[], p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length - 1e-9));
  return sorted[rank - 1] ?? 0;
}

/** Deterministic pseudo-random numbers so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
