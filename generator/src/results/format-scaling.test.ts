import { episodeLine, scalingLines, scalingMarkdown } from './format-scaling';
import type { ScalingSection } from './types';

const section: ScalingSection = {
  namespace: 'ml', watcherAvailable: true, problems: ['events: forbidden (list)'], sloMs: 250,
  hpas: [{
    name: 'web', target: { kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 8,
    timeline: [{ at: '2026-11-24T10:00:05.000Z', elapsedS: 5, current: 1, desired: 4, ready: 1 }],
    episodes: [
      { direction: 'up', from: 1, to: 4, t0: '2026-11-24T10:00:00.000Z', t0Source: 'load-step', complete: true,
        lagS: { detection: 4.2, actuation: 9.8, total: 14, recovery: 20 }, deficitReplicaSeconds: 31.4, steps: [] },
      { direction: 'down', from: 4, to: 1, t0: '2026-11-24T10:00:30.000Z', t0Source: 'load-step', complete: false, openForS: 12,
        lagS: { detection: 10, actuation: null, total: null, recovery: null }, deficitReplicaSeconds: 0, steps: [] },
    ],
    maxReplicasReached: 4, timeAtMaxS: 0, deficitReplicaSeconds: 31.4, podFailures: [{ at: '2026-11-24T10:00:20.000Z', pod: 'web-1', reason: 'OOMKilled' }],
  }],
};

describe('scaling formatting', () => {
  it('one line per episode with every lag, – for lags not reached', () => {
    expect(episodeLine(section.hpas[0]!.episodes[0]!)).toBe('up 1 → 4  detection 4.2 s · actuation 9.8 s · total 14.0 s · recovery 20.0 s · deficit 31 replica·s');
    expect(episodeLine(section.hpas[0]!.episodes[1]!)).toMatch(/^down 4 → 1 {2}detection 10\.0 s · actuation – · total – · recovery – .*run ended 12\.0 s after t0 before all pods were Ready/);
  });

  it('console block names the HPA, problems and pod failures', () => {
    const lines = scalingLines(section);
    expect(lines[0]).toBe('! events: forbidden (list)');
    expect(lines[1]).toBe('hpa/web → Deployment/web  replicas 1..8, reached 4, deficit 31 replica·s');
    expect(lines).toContain('  pod web-1: OOMKilled at 2026-11-24T10:00:20.000Z');
  });

  it('markdown has an episode table and the replica timeline', () => {
    const md = scalingMarkdown(section).join('\n');
    expect(md).toContain('| up 1 → 4 | 2026-11-24T10:00:00.000Z (load-step) | 4.2 s | 9.8 s | 14.0 s | 20.0 s | 31 | yes |');
    expect(md).toContain('| 5.0 | 1 | 4 | 1 |');
    expect(md).toContain('p95 ≤ 250 ms');
  });
});
