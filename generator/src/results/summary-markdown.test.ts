import { sampleFlowSummary } from './sample-flow-summary';
import { sampleSummary } from './sample-summary';
import { summaryMarkdown } from './summary-markdown';

describe('summary.md with flows', () => {
  it('a Flows section after Per request: a row per flow, then what the failed iterations failed at', () => {
    const md = summaryMarkdown(sampleFlowSummary());
    expect(md).toContain([
      '## Flows',
      '',
      'An iteration runs the flow\'s steps one after another; its duration runs from its intended start to its last step\'s end, think time included. ' +
        'A failed iteration is counted at its first failed step; incomplete iterations skipped steps (after a failed capture, or cut by the run\'s stop). ' +
        'Each step\'s requests are under Per request as `FLOW.STEP`.',
      '',
      '| Flow | Iterations | Iterations/s | Success | Failed | Incomplete | p50 ms | p95 ms | p99 ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      '| `checkout` | 120 | 2 | 95% | 6 | 2 | 1200 | 2300 | 2900 |',
      '| `browse` | 300 | 5 | 100% | 0 | 0 | 80 | 120 | 150 |',
      '',
      '- Failed `checkout` iterations: first failed step `checkout.cart` 4, `checkout.login` 2; error.type `expectation_failed` 3, `503` 1, `timeout` 1, others 1.',
      '',
      '## Per stage',
    ].join('\n'));
    expect(md.indexOf('## Per request')).toBeLessThan(md.indexOf('## Flows'));
    // No flows, no section.
    expect(summaryMarkdown(sampleSummary())).not.toContain('## Flows');
  });

  it('Per request lists plain requests first, then each flow\'s steps together', () => {
    const md = summaryMarkdown(sampleFlowSummary());
    const names = [...(/## Per request\n[\s\S]*?\n\n(?=## )/.exec(md)?.[0] ?? '').matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
    expect(names).toEqual(['predict', 'health', 'checkout.login', 'checkout.cart', 'browse.list', 'browse.item']);
    expect(md).toContain('| `checkout.cart` | 118 | 5 | 1.97 | 75 | 154 | 150 | 470 | 480 | 900 | 900 | 910 |');
  });
});
