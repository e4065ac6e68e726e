import { traceExploreUrl } from './traceExploreUrl';

const AT = Date.UTC(2024, 4, 1, 10, 0, 30);

describe('traceExploreUrl', () => {
  it("opens one trace in Explore's Tempo pane, ±30 min around the failure, focused on the span", () => {
    const url = traceExploreUrl('tempo-1', 'abc123', AT, 'span0');
    expect(url).toBe(
      '/explore?schemaVersion=1&panes=' +
        '%7B%22scaletrace%22:%7B%22datasource%22:%22tempo-1%22,%22queries%22:%5B%7B%22refId%22:%22A%22,' +
        '%22datasource%22:%7B%22type%22:%22tempo%22,%22uid%22:%22tempo-1%22%7D,%22queryType%22:%22traceql%22,' +
        '%22query%22:%22abc123%22%7D%5D,%22range%22:%7B%22from%22:%221714555830000%22,%22to%22:%221714559430000%22%7D,' +
        '%22panelsState%22:%7B%22trace%22:%7B%22spanId%22:%22span0%22%7D%7D%7D%7D'
    );
    const panes = JSON.parse(new URLSearchParams(url.split('?')[1]).get('panes')!);
    expect(panes).toEqual({
      scaletrace: {
        datasource: 'tempo-1',
        queries: [{ refId: 'A', datasource: { type: 'tempo', uid: 'tempo-1' }, queryType: 'traceql', query: 'abc123' }],
        range: { from: String(AT - 1_800_000), to: String(AT + 1_800_000) },
        panelsState: { trace: { spanId: 'span0' } },
      },
    });
  });

  it('leaves the span out when it is not known', () => {
    const url = traceExploreUrl('tempo-1', 'abc', AT);
    expect(JSON.parse(new URLSearchParams(url.split('?')[1]).get('panes')!).scaletrace.panelsState).toBeUndefined();
  });
});
