import { toDataFrame } from '@grafana/data';

import { tempoSpan, tempoSpansFrame, tempoSpanTable, unixNanos } from '../../../test/tempoFrames';
import { failedRequestRows } from './failedRequestRows';

describe('failedRequestRows', () => {
  it('maps Tempo span rows to the table columns, newest first, durations in ms', () => {
    const rows = failedRequestRows([
      tempoSpansFrame([
        {
          traceId: 'aaa',
          time: 1000,
          request: 'predict',
          status: '503',
          errorType: '503',
          durationNs: 2_500_000,
          pod: 'web-1',
        },
        { traceId: 'bbb', time: 2000, errorType: 'timeout', durationNs: 2_000_000_000, pod: '' },
      ]),
    ]);
    expect(rows).toEqual([
      {
        traceId: 'bbb',
        spanId: 'span1',
        timeMs: 2000,
        request: 'GET predict',
        status: '',
        errorType: 'timeout',
        durationMs: 2000,
        pod: '',
      },
      {
        traceId: 'aaa',
        spanId: 'span0',
        timeMs: 1000,
        request: 'predict',
        status: '503',
        errorType: '503',
        durationMs: 2.5,
        pod: 'web-1',
      },
    ]);
  });

  // Tempo orders its span table by trace start; a trace with several failed spans interleaves.
  it('orders by span start, newest first, across traces', () => {
    const span = (spanId: string, startMs: number) =>
      tempoSpan({ spanId, name: 'GET predict', startMs, durationNs: 1_000_000, attributes: { 'error.type': '503' } });
    const frame = tempoSpanTable(
      [
        { traceID: 'aaa', startTimeUnixNano: unixNanos(1000), spanSets: [{ spans: [span('a1', 1000), span('a2', 3000)] }] },
        { traceID: 'bbb', startTimeUnixNano: unixNanos(2000), spanSets: [{ spans: [span('b1', 2000)] }] },
      ],
      'failed'
    );
    expect(failedRequestRows([frame]).map((r) => [r.spanId, r.timeMs])).toEqual([
      ['a2', 3000],
      ['b1', 2000],
      ['a1', 1000],
    ]);
  });

  it('ignores frames that are not span tables (no trace id field)', () => {
    expect(failedRequestRows([toDataFrame({ fields: [{ name: 'Value', values: [1] }] })])).toEqual([]);
  });
});
