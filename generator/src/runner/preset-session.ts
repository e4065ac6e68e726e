import type { Scenario } from '../scenario';
import { PhaseRecorder, StressWatch, buildPresetReport, type PresetReport, type ScalingSection, type TimeseriesRow } from '../results';

/**
 * A preset run's extras beside the aggregator: per-phase recording, the generator's own RSS
 * (a soak's memory must stay flat), and the stress test's stop at the breaking point.
 */
export class PresetSession {
  readonly recorder: PhaseRecorder;
  private readonly stress: StressWatch | undefined;
  private stoppedAtBreak = false;

  private constructor(scenario: Scenario & { preset: NonNullable<Scenario['preset']> }, private readonly startedAt: number) {
    const maxTimeoutMs = Math.max(...scenario.requests.map((r) => (Number.isFinite(r.timeoutMs) ? r.timeoutMs : 3_600_000)));
    this.recorder = new PhaseRecorder(scenario.preset, startedAt, maxTimeoutMs + scenario.gracefulStopMs);
    this.stress = scenario.preset.stress ? new StressWatch(scenario.preset, this.recorder, startedAt) : undefined;
  }

  static create(scenario: Scenario, startedAt: number): PresetSession | undefined {
    return scenario.preset ? new PresetSession({ ...scenario, preset: scenario.preset }, startedAt) : undefined;
  }

  /** Once a tick: true when the run should stop because a stress step broke. */
  tick(now: number): boolean {
    this.recorder.sampleRss(now, process.memoryUsage.rss());
    if (this.stress?.check(now)) {
      this.stoppedAtBreak = true;
      return true;
    }
    return false;
  }

  report(endedAt: number, seconds: readonly TimeseriesRow[], scaling?: ScalingSection): PresetReport {
    return buildPresetReport({
      recorder: this.recorder, startedAt: this.startedAt, endedAt, seconds, scaling,
      liveBreak: this.stoppedAtBreak ? this.stress?.broken : undefined,
    });
  }
}
