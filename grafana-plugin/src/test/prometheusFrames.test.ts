import { getFieldDisplayName } from '@grafana/data';

import { prometheusSeries, promMatrix, recording, requestOf, type RecordedQuery } from './prometheusFrames';

const answer = (response: RecordedQuery['response']): RecordedQuery => ({
  refId: 'A',
  expr: 'up',
  instant: false,
  path: '/api/v1/query_range',
  params: { query: 'up', start: '100', end: '110', step: '5' },
  response,
});

describe('prometheusSeries (the replay)', () => {
  it('refuses a query that is not the one recorded, so a changed plugin query asks for a re-recording', () => {
    const [first] = recording('run-window').queries;
    expect(() => prometheusSeries([first!], requestOf([{ refId: 'first', expr: 'min(up)', instant: true }]))).toThrow(
      /no recorded answer for query first .*re-record/
    );
    expect(() =>
      prometheusSeries([first!], requestOf([{ refId: 'first', expr: first!.expr, instant: true, range: false }]))
    ).not.toThrow();
    expect(() =>
      prometheusSeries([first!], requestOf([{ refId: 'first', expr: first!.expr, instant: false, range: true }]))
    ).toThrow(/re-record/);
  });

  it('carries NaN and ±Inf through the JSON wire format, and names the value after __name__', () => {
    const [frame] = prometheusSeries(
      [
        answer({
          status: 'success',
          data: {
            resultType: 'matrix',
            result: [
              {
                metric: { __name__: 'up', job: 'a' },
                values: [
                  [100, '1'],
                  [105, 'NaN'],
                  [110, '+Inf'],
                  [115, '-Inf'],
                ],
              },
            ],
          },
        }),
      ],
      requestOf([{ refId: 'A', expr: 'up' }])
    );
    expect(frame!.fields.map((f) => [f.name, f.type, f.values])).toEqual([
      ['Time', 'time', [100_000, 105_000, 110_000, 115_000]],
      ['up', 'number', [1, NaN, Infinity, -Infinity]],
    ]);
    expect(frame!.fields[1]!.labels).toEqual({ __name__: 'up', job: 'a' });
  });

  it("shows a series by its legend format, as Grafana's backend names it", () => {
    const [frame] = prometheusSeries(
      [answer(promMatrix([{ metric: { k8s_hpa_name: 'web' }, values: [[100, 2]] }]))],
      requestOf([{ refId: 'A', expr: 'up', legendFormat: '{{k8s_hpa_name}} ready' }])
    );
    expect(getFieldDisplayName(frame!.fields[1]!, frame!)).toBe('web ready');
  });
});
