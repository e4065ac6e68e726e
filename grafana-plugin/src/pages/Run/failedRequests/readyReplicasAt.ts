import { FieldType, type DataFrame } from '@grafana/data';

/** One HPA's ready-replica samples from a Prometheus range query, oldest first. */
export interface ReadySteps {
  hpa: string;
  times: number[];
  values: number[];
}

export function readySteps(frames: DataFrame[]): ReadySteps[] {
  return frames.flatMap((frame) => {
    const time = frame.fields.find((f) => f.type === FieldType.time);
    const value = frame.fields.find((f) => f.type === FieldType.number);
    if (!time || !value) {
      return [];
    }
    const order = time.values.map((_, i) => i).sort((a, b) => Number(time.values[a]) - Number(time.values[b]));
    return [
      {
        hpa: value.labels?.k8s_hpa_name ?? '',
        times: order.map((i) => Number(time.values[i])),
        values: order.map((i) => Number(value.values[i])),
      },
    ];
  });
}

/** A step function: the last sample at or before `timeMs` (undefined before the first). */
function valueAt(steps: ReadySteps, timeMs: number): number | undefined {
  let lo = 0;
  let hi = steps.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps.times[mid]! <= timeMs) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo === 0 ? undefined : steps.values[lo - 1];
}

/**
 * Ready replicas of the HPA that served a request when it failed. With several HPAs, the one whose
 * name starts the pod's (`web` → `web-7d9f-x2`, a Deployment's pods); a run with one HPA needs no pod
 * (connection refused, no pod answered).
 */
export function readyReplicasAt(all: ReadySteps[], timeMs: number, pod: string): number | undefined {
  const steps = all.length === 1 ? all[0] : all.find((s) => s.hpa !== '' && pod.startsWith(`${s.hpa}-`));
  return steps && valueAt(steps, timeMs);
}
