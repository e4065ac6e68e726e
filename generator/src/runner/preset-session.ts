import type { Scenario } from '../scenario';
import { StressWatch, buildPresetReport, type LiveBreak, type PhaseRecorder, type PodMemoryPoint, type PresetReport, type ScalingSection, type TimeseriesRow } from '../results';

/**
 * The coordinator's part of a preset run, beside its PhaseRecorder (one of the run's recorders):
 * the generator's own RSS (a soak's memory must stay flat) and the stress test's stop at the
 * breaking point.
 */
export class PresetSession {
  private readonly stress: StressWatch | undefined;
  private stoppedAtBreak = false;

  private constructor(scenario: Scenario & { preset: NonNullable<Scenario['preset']> }, readonly recorder: PhaseRecorder, private readonly startedAt: number) {
    this.stress = scenario.preset.stress ? new StressWatch(scenario.preset, recorder, startedAt) : undefined;
  }

  static create(scenario: Scenario, recorder: PhaseRecorder | undefined, startedAt: number): PresetSession | undefined {
    return scenario.preset && recorder ? new PresetSession({ ...scenario, preset: scenario.preset }, recorder, startedAt) : undefined;
  }

  /**
   * Once a tick: true when the run should stop because a stress step broke. `recordedUpTo`: the
   * time up to which the recorder holds every thread's requests (worker threads report every
   * 500 ms), so a step is judged only once its stragglers can have been absorbed.
   */
  tick(now: number, recordedUpTo: number = now): boolean {
    // Process RSS: worker threads share this process, so this is the whole generator's memory.
    this.recorder.sampleRss(now, process.memoryUsage.rss());
    if (this.stress?.check(recordedUpTo)) {
      this.stoppedAtBreak = true;
      return true;
    }
    return false;
  }

  /** The step the run stopped at, as judged while it ran (shard.json keeps it for the merge). */
  get liveBreak(): LiveBreak | undefined {
    return this.stoppedAtBreak ? this.stress?.broken : undefined;
  }

  report(endedAt: number, seconds: readonly TimeseriesRow[], scaling?: ScalingSection, podMemory?: readonly PodMemoryPoint[]): PresetReport {
    return buildPresetReport({ recorder: this.recorder, startedAt: this.startedAt, endedAt, seconds, scaling, liveBreak: this.liveBreak, podMemory });
  }
}
