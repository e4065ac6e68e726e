import { dateTime, toURLRange, urlUtil } from '@grafana/data';

import { EXPLORE_PANE_ID } from '../../../scenes';

/** Explore's range around the failure: Tempo finds a trace by id faster within a time range. */
const AROUND_MS = 30 * 60_000;

/**
 * Grafana 12's Explore URL (`/explore?schemaVersion=1&panes={…}`, the shape the panel menus use;
 * the older `left=` only survives as a redirect) for one trace in the Tempo data source, focused
 * on the failed span.
 */
export function traceExploreUrl(tempoUid: string, traceId: string, timeMs: number, spanId?: string): string {
  const pane = {
    datasource: tempoUid,
    queries: [{ refId: 'A', datasource: { type: 'tempo', uid: tempoUid }, queryType: 'traceql', query: traceId }],
    range: toURLRange({ from: dateTime(timeMs - AROUND_MS), to: dateTime(timeMs + AROUND_MS) }),
    ...(spanId ? { panelsState: { trace: { spanId } } } : {}),
  };
  return urlUtil.renderUrl('/explore', { schemaVersion: 1, panes: JSON.stringify({ [EXPLORE_PANE_ID]: pane }) });
}
