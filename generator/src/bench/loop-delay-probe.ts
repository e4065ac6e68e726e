import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread } from 'node:worker_threads';

/**
 * Preloaded into `scaletrace run` by the bench (`node -r loop-delay-probe.js`): how late a 10 ms
 * timer fires on the main thread, every time, written as JSON to SCALETRACE_BENCH_LOOP_DELAY_FILE
 * at exit. Raw samples with wall-clock times, so the bench can take percentiles over one stage
 * (perf_hooks.monitorEventLoopDelay keeps only a whole-run histogram).
 */
export interface LoopDelaySamples {
  intervalMs: number;
  /** Epoch ms of each sample. */
  at: number[];
  /** How late the timer fired, ms. */
  delayMs: number[];
}

export const LOOP_DELAY_ENV = 'SCALETRACE_BENCH_LOOP_DELAY_FILE';
const INTERVAL_MS = 10;

const file = process.env[LOOP_DELAY_ENV];
if (file !== undefined && file !== '' && isMainThread) {
  const samples: LoopDelaySamples = { intervalMs: INTERVAL_MS, at: [], delayMs: [] };
  let due = performance.now() + INTERVAL_MS;
  const timer = setInterval(() => {
    const now = performance.now();
    samples.at.push(Date.now());
    samples.delayMs.push(Math.round(Math.max(0, now - due) * 1000) / 1000);
    due = now + INTERVAL_MS;
  }, INTERVAL_MS);
  timer.unref();
  process.once('exit', () => {
    clearInterval(timer);
    try { fs.writeFileSync(file, JSON.stringify(samples)); } catch { /* the bench reports the probe as missing */ }
  });
}

/** p50 / p99 / max of the samples taken in [fromMs, toMs) (epoch ms); undefined when none. */
export function loopDelayIn(s: LoopDelaySamples, fromMs: number, toMs: number): { p50: number; p99: number; max: number; samples: number } | undefined {
  const window: number[] = [];
  s.at.forEach((at, i) => { if (at >= fromMs && at < toMs) window.push(s.delayMs[i] ?? 0); });
  if (window.length === 0) return undefined;
  window.sort((a, b) => a - b);
  // nearest rank
  const rank = (p: number): number => window[Math.min(window.length - 1, Math.ceil(p * window.length) - 1)] ?? 0;
  return { p50: rank(0.5), p99: rank(0.99), max: window[window.length - 1] ?? 0, samples: window.length };
}
