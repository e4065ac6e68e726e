import { selectorString } from './label-selector';

describe('selectorString: a workload\'s spec.selector as a list/watch labelSelector', () => {
  it('matchLabels and every matchExpressions operator', () => {
    expect(selectorString({ matchLabels: { app: 'web', tier: 'fe' } })).toBe('app=web,tier=fe');
    expect(selectorString({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'track', operator: 'In', values: ['stable', 'canary'] }, { key: 'env', operator: 'NotIn', values: ['dev'] },
        { key: 'owner', operator: 'Exists' }, { key: 'legacy', operator: 'DoesNotExist' },
      ],
    })).toBe('app=web,track in (stable,canary),env notin (dev),owner,!legacy');
    expect(selectorString(undefined)).toBe('');
  });
});
