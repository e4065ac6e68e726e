/**
 * The seeds' 11-hour "training" profile (VUs), built to walk an HPA 1 → 5 → 2 → 4 → 1 replicas at
 * about one replica an hour, so each replica count gets 60–180 minutes of data. Each phase starts
 * at the low end of its range and moves to the high end (or down, for the scale-down phases).
 */
export interface ProfilePhase {
  name: string;
  durationMs: number;
  from: number;
  targets: number[];
}

const HOUR = 3_600_000;

export const TRAINING_PROFILE: readonly ProfilePhase[] = [
  { name: 'warm-up (1 replica)', durationMs: HOUR, from: 8, targets: [12] },
  { name: 'scale to 2', durationMs: HOUR, from: 25, targets: [35] },
  { name: 'scale to 3', durationMs: HOUR, from: 50, targets: [58] },
  { name: 'scale to 4', durationMs: HOUR, from: 75, targets: [85] },
  { name: 'scale to 5', durationMs: HOUR, from: 105, targets: [115] },
  { name: 'scale down to 2', durationMs: HOUR, from: 90, targets: [30] },
  { name: 'hold 2', durationMs: HOUR, from: 28, targets: [32] },
  { name: 'scale to 3 again', durationMs: HOUR, from: 50, targets: [56] },
  { name: 'scale to 4 again', durationMs: HOUR, from: 78, targets: [84] },
  { name: 'oscillate 3↔4', durationMs: HOUR, from: 65, targets: [82, 65, 82, 65] },
  { name: 'cool down to 1', durationMs: HOUR, from: 50, targets: [10] },
];
