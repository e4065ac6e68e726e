import { createDataFrame, FieldType } from '@grafana/data';

import { readyReplicasAt, readySteps } from './readyReplicasAt';

const frame = (hpa: string, times: number[], values: number[]) =>
  createDataFrame({
    fields: [
      { name: 'Time', type: FieldType.time, values: times },
      { name: 'Value', type: FieldType.number, values, labels: { k8s_hpa_name: hpa } },
    ],
  });

describe('readyReplicasAt', () => {
  const steps = readySteps([frame('web', [2000, 1000, 3000], [2, 1, 3]), frame('api', [0], [7])]);

  it('is a step function: the last sample at or before the time', () => {
    expect([999, 1000, 1999, 2000, 9999].map((t) => readyReplicasAt(steps, t, 'web-5c-x'))).toEqual([
      undefined,
      1,
      1,
      2,
      3,
    ]);
  });

  it('picks the HPA by pod name prefix, and knows nothing without a pod when there are several', () => {
    expect(readyReplicasAt(steps, 5000, 'api-6d-y')).toBe(7);
    expect(readyReplicasAt(steps, 5000, '')).toBeUndefined();
    expect(readyReplicasAt(steps.slice(0, 1), 5000, '')).toBe(3);
  });
});
