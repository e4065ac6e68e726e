import type { ScalingSection, TimeseriesRow } from '../types';
import { withReplicas } from './phase-replicas';
import type { PhaseRecorder } from './phase-recorder';
import { phaseRows } from './phase-rows';
import type { PresetReport } from './preset-report';
import { podMemoryByInterval, soakReport, type PodMemoryPoint } from './soak-analysis';
import { spikeReport } from './spike-analysis';
import { stressReport, type LiveBreak } from './stress-analysis';

export interface PresetReportInput {
  recorder: PhaseRecorder;
  startedAt: number;
  endedAt: number;
  /** timeseries.csv's per-second rows (the spike's time to recover). */
  seconds: readonly TimeseriesRow[];
  /** Stress: the step the run stopped at, as judged live. */
  liveBreak?: LiveBreak;
  /** With a `kubernetes:` section: ready replicas per phase. */
  scaling?: ScalingSection;
  /** With a `kubernetes:` section: every pod memory sample (a soak's table shows the largest pod per interval). */
  podMemory?: readonly PodMemoryPoint[];
}

/** summary.json `preset` from what the PhaseRecorder saw. */
export function buildPresetReport(input: PresetReportInput): PresetReport {
  const { recorder, startedAt, endedAt } = input;
  const plan = recorder.plan;
  const ranMs = endedAt - startedAt;
  const rows = withReplicas(phaseRows(plan, recorder.phases, ranMs), input.scaling);
  const runMs = plan.phases.reduce((end, p) => Math.max(end, p.startMs + p.durationMs), 0);
  const podMiB = plan.soak && input.podMemory ? podMemoryByInterval(input.podMemory, startedAt, plan.soak.intervalMs, recorder.intervals.length) : undefined;
  return {
    name: plan.name,
    unit: plan.unit,
    phases: rows,
    ...(plan.timeScale === undefined ? {} : { timeScale: plan.timeScale }),
    ...(plan.spike ? { spike: spikeReport(plan, plan.spike, rows, input.seconds, startedAt) } : {}),
    ...(plan.stress ? { stress: stressReport(rows, plan.stress.breakWhen, input.liveBreak) } : {}),
    ...(plan.soak ? { soak: soakReport(plan.soak, recorder.intervals, ranMs, runMs, podMiB) } : {}),
  };
}
