import { LABELS as L, METRICS as M } from './names';
import { eq, selector } from './selector';
import type { RunScope } from './scope';

/* PromQL of the generator itself (the "Generator health" dashboard). */

const run = (s: RunScope): string => eq(L.runId, s.runId);

/** Request spans per second by fate: exported, spilled to disk, dropped. */
export function spanOutcomeRate(s: RunScope): string {
  return `sum by (${L.outcome}) (rate(${selector(M.telemetrySpans, run(s))}[${s.interval}]))`;
}

/** Request spans so far by fate (created = exported + spilled + dropped). */
export function spanOutcomeTotal(s: RunScope): string {
  return `sum by (${L.outcome}) (${selector(M.telemetrySpans, run(s))})`;
}

/** How late the generator sent requests (actual − intended send time): its own overload shows here first. */
export function scheduleLagQuantile(s: RunScope, q: number): string {
  return `histogram_quantile(${q}, sum by (le) (rate(${selector(`${M.scheduleLag}_bucket`, run(s))}[${s.interval}])))`;
}

/** CPU cores each generator worker process uses (user + system). */
export function generatorCpuCores(s: RunScope): string {
  return `sum by (${L.workerIndex}) (rate(${selector(M.processCpuTime, run(s))}[${s.interval}]))`;
}
