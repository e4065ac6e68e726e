import { formatLag } from './format-scaling';
import type { FaultImpact } from './types';

/** `delete-web at 20.0 s: pods web-abc (app=web); 37 errors caused (41 during), p95 max 310 ms; Ready back 3.2 s · p95 back 4.0 s`. */
export function faultLine(f: FaultImpact): string {
  const what = f.action === 'deletePods' ? `deleted ${f.pods.length ? f.pods.join(', ') : 'no pod'} (${f.target})` : `scaled ${f.target}`;
  if (f.elapsedS === null) return `! ${f.name}: ${f.error ?? 'not run'}`;
  return `${f.name} at ${f.elapsedS.toFixed(1)} s: ${what}; ${f.errorsCaused} errors caused (${f.errorsDuring} during), ` +
    `p95 max ${f.latencyDuringRecovery.p95MaxMs.toFixed(1)} ms (baseline ${f.baseline.p95Ms.toFixed(1)} ms); ` +
    `Ready back ${formatLag(f.readyBackS)} · p95 back ${formatLag(f.p95BackS)}${f.error ? `  ! ${f.error}` : ''}`;
}

/** summary.md's Faults section. */
export function faultsMarkdown(faults: readonly FaultImpact[]): string[] {
  const n = (v: number | null): string => (v === null ? '–' : v.toFixed(1));
  return [
    '## Faults', '',
    '| Fault | At s | Action | Errors caused (during) | p95 baseline → max ms | p99 max ms | Ready back s | p95 back s (bound ms) | Note |',
    '|---|---:|---|---:|---:|---:|---:|---:|---|',
    ...faults.map((f) => `| ${f.name} | ${n(f.elapsedS)} | ${f.action === 'deletePods' ? `delete ${f.pods.join(', ') || '–'} (${f.target})` : `scale ${f.target}`} | ` +
      `${f.errorsCaused} (${f.errorsDuring}) | ${f.baseline.p95Ms.toFixed(1)} → ${f.latencyDuringRecovery.p95MaxMs.toFixed(1)} | ${f.latencyDuringRecovery.p99MaxMs.toFixed(1)} | ` +
      `${n(f.readyBackS)} | ${n(f.p95BackS)} (${f.p95BoundMs.toFixed(1)}) | ${f.error ?? ''} |`),
    '',
  ];
}
