import { achievedRps } from '@scaletrace/dashboards';

import { RUNS_COLUMNS } from './runsTable';
import { runHpaScope, runScope, SCALING_SCOPE } from './scopes';

// The query strings are the shared module's (tested there); these pin what the plugin composes.
describe('plugin query scopes', () => {
  it('scopes a run by its exact id with Grafana’s own interval and range', () => {
    expect(runScope('r1')).toEqual({ runId: 'r1', interval: '$__rate_interval', range: '$__range' });
    expect(runHpaScope('r1')).toEqual({
      runId: 'r1',
      hpa: '.+',
      namespace: '.+',
      interval: '$__rate_interval',
      range: '$__range',
    });
    expect(achievedRps(runScope('r1'))).toBe(
      'sum(rate(http_client_request_duration_seconds_count{loadtest_run_id="r1"}[$__rate_interval]))'
    );
  });

  it('compares runs on the Scaling page through its HPA variables', () => {
    expect(SCALING_SCOPE).toEqual({
      hpa: '$hpa',
      namespace: '$namespace',
      interval: '$__rate_interval',
      range: '$__range',
    });
  });

  it('converts the run start to milliseconds for Grafana’s date unit', () => {
    const start = RUNS_COLUMNS.find((c) => c.refId === 'start')!;
    expect(start.expr).toBe(
      '(min by (loadtest_run_id) (min_over_time(timestamp(loadtest_run_info)[$__range:5s]))) * 1000'
    );
    expect(RUNS_COLUMNS.map((c) => c.refId)).toEqual([
      'info',
      'start',
      'duration',
      'rps',
      'p95',
      'errors',
      'maxReplicas',
      'worstLag',
    ]);
  });
});
