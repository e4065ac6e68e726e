import { parse, scenarioErrorOf, withLoad } from './test-helpers';

const flat = '{ model: open, rate: 10, duration: 5s }';

describe('kubernetes: section', () => {
  it('is optional; when present its defaults are filled in and the SLO comes from the p95 threshold', () => {
    expect(parse(withLoad(flat)).kubernetes).toBeUndefined();
    const s = parse(withLoad(flat, 'thresholds: ["p95 < 300ms", "a: p95 < 1s"]\nkubernetes: { namespace: ml }\n'));
    expect(s.kubernetes).toEqual({
      namespace: 'ml', context: undefined, kubeconfig: undefined, hpas: [], labelSelector: undefined,
      required: false, sloMs: 300, metricsPollMs: 15_000,
    });
  });

  it('takes every field; podHeader inside it sets the scenario podHeader', () => {
    const s = parse(withLoad(flat, [
      'kubernetes:',
      '  namespace: ml', '  context: prod', '  kubeconfig: /tmp/kc', '  hpas: [predict, web-1]',
      '  required: true', '  podHeader: X-Pod', '  slo: 250ms', '  metricsPoll: 30s', '',
    ].join('\n')));
    expect(s.kubernetes).toMatchObject({ context: 'prod', kubeconfig: '/tmp/kc', hpas: ['predict', 'web-1'], required: true, sloMs: 250, metricsPollMs: 30_000 });
    expect(s.podHeader).toBe('x-pod');
  });

  it.each([
    ['unknown field', 'kubernetes: { namespce: ml }', /6:15: kubernetes\.namespce: unknown field.*namespace/],
    ['bad HPA name', 'kubernetes: { hpas: [Web_1] }', /6:22: kubernetes\.hpas\[0\]: must be a Kubernetes object name/],
    ['names and selector', 'kubernetes: { hpas: [a], labelSelector: "app=x" }', /kubernetes\.labelSelector: use either hpas/],
    ['bad slo', 'kubernetes: { slo: 3 parsecs }', /kubernetes\.slo:/],
    ['two podHeaders', 'podHeader: x-a\nkubernetes: { podHeader: x-b }', /kubernetes\.podHeader: differs from the top-level podHeader/],
    ['scaling threshold without the section', 'thresholds: ["scaling_lag < 60s"]', /thresholds\[0\]: scaling_lag needs a kubernetes: section/],
  ])('rejects %s with file, line and field path', (_why, extra, message) => {
    const err = scenarioErrorOf(() => parse(withLoad(flat, `${extra}\n`)));
    expect(err.message).toMatch(/^\/tmp\/s\.yaml:\d+:\d+: /);
    expect(err.message).toMatch(message);
  });

  it('accepts scaling thresholds, optionally scoped to an HPA', () => {
    const s = parse(withLoad(flat, 'kubernetes: {}\nthresholds: ["scaling_lag < 60s", "web: detection_lag < 20s", "actuation_lag <= 1m"]\n'));
    expect(s.thresholds.map((t) => [t.metric, t.request, t.value])).toEqual([
      ['scaling_lag', undefined, 60_000], ['detection_lag', 'web', 20_000], ['actuation_lag', undefined, 60_000],
    ]);
  });
});
