import { parseThreshold } from '../scenario';
import { EMPTY_LATENCY } from './latency-recorder';
import { evaluateThresholds, type ThresholdInput } from './thresholds';
import type { ScalingEpisodeSummary, ScalingHpaSummary } from './types';

const none = { requests: 0, failed: 0, errorRate: 0, rps: 0, latency: { ...EMPTY_LATENCY }, ttfb: { ...EMPTY_LATENCY }, scheduleLag: { ...EMPTY_LATENCY }, errors: {} };

function episode(over: Partial<ScalingEpisodeSummary>): ScalingEpisodeSummary {
  return {
    direction: 'up', from: 1, to: 4, t0: '2026-01-01T00:00:10Z', t0Source: 'load-step', complete: true,
    lagS: { detection: 12, actuation: 20, total: 32, recovery: null }, deficitReplicaSeconds: 50, steps: [], ...over,
  };
}
function hpa(name: string, episodes: ScalingEpisodeSummary[]): ScalingHpaSummary {
  return {
    name, target: { kind: 'Deployment', name }, minReplicas: 1, maxReplicas: 8, timeline: [], episodes,
    maxReplicasReached: 4, timeAtMaxS: 0, deficitReplicaSeconds: 50, podFailures: [],
  };
}
const input = (hpas: ScalingHpaSummary[]): ThresholdInput => ({
  totals: none, requests: {}, durationS: 60,
  scaling: { namespace: 'default', watcherAvailable: true, problems: [], hpas },
});
const check = (expr: string, hpas: ScalingHpaSummary[]) => evaluateThresholds([parseThreshold(expr)], input(hpas))[0];

describe('scaling thresholds', () => {
  it('scaling_lag is the worst scale-up total lag, in ms', () => {
    const hpas = [hpa('web', [episode({}), episode({ lagS: { detection: 30, actuation: 40, total: 70, recovery: null } })])];
    expect(check('scaling_lag < 60s', hpas)).toEqual({ expr: 'scaling_lag < 60s', ok: false, value: 70_000, unit: 'ms' });
    expect(check('scaling_lag < 90s', hpas)?.ok).toBe(true);
    expect(check('detection_lag <= 30s', hpas)).toMatchObject({ ok: true, value: 30_000 });
    expect(check('actuation_lag < 30s', hpas)).toMatchObject({ ok: false, value: 40_000 });
  });

  it('ignores scale-down episodes (their lag is the stabilization window, by design)', () => {
    const hpas = [hpa('web', [episode({}), episode({ direction: 'down', lagS: { detection: 300, actuation: 5, total: 305, recovery: null } })])];
    expect(check('scaling_lag < 60s', hpas)).toMatchObject({ ok: true, value: 32_000 });
  });

  it('a name: prefix scopes to one HPA', () => {
    const hpas = [hpa('web', [episode({})]), hpa('api', [episode({ lagS: { detection: 5, actuation: 100, total: 105, recovery: null } })])];
    expect(check('web: scaling_lag < 60s', hpas)).toMatchObject({ ok: true, value: 32_000 });
    expect(check('api: scaling_lag < 60s', hpas)).toMatchObject({ ok: false, value: 105_000 });
  });

  it('an episode still open at the end counts with the time it had taken (a lower bound), so it can fail', () => {
    const open = episode({ complete: false, openForS: 75, lagS: { detection: 15, actuation: null, total: null, recovery: null } });
    expect(check('scaling_lag < 60s', [hpa('web', [open])])).toMatchObject({ ok: false, value: 75_000 });
    expect(check('actuation_lag <= 60s', [hpa('web', [open])])).toMatchObject({ ok: true, value: 60_000 });
  });

  it('no scale-up at all is no data and passes (like k6)', () => {
    expect(check('scaling_lag < 60s', [hpa('web', [])])).toMatchObject({ ok: true, noData: true });
  });
});
