import { dateTime, FieldType, LoadingState, type PanelData } from '@grafana/data';
import {
  sceneGraph,
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  SceneQueryRunner,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import type { DataQuery } from '@grafana/schema';
import { runFirstExport, runLastExport } from '@scaletrace/dashboards';

import { RANGE } from '../../queries';
import { DATASOURCE_REFS } from '../../scenes';

/** Room around the run, so the ramp-up and the last scale-down episode stay in view. */
export const RUN_WINDOW_MARGIN_MS = 60_000;
/** The URL key that says the time range already is the run's (or the user's own choice since). */
export const RUN_WINDOW_URL_KEY = 'runWindow';

interface RunWindowState extends SceneObjectState {
  runId: string;
  fitted: boolean;
  query: SceneQueryRunner;
}

interface PromQuery extends DataQuery {
  expr: string;
  instant: boolean;
  range: boolean;
}

/**
 * Opens the Run page on the run's own window (first export − margin … last export + margin) instead
 * of the range it was linked from (the Runs page's 24 h). Once fitted, `runWindow=fitted` in the URL
 * keeps a reload, a shared link or the user's zoom as they are; the change replaces the history entry.
 */
export class RunWindow extends SceneObjectBase<RunWindowState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [RUN_WINDOW_URL_KEY] });

  constructor(state: { runId: string; fitted?: boolean }) {
    const scope = { runId: state.runId, range: RANGE };
    const queries: PromQuery[] = [
      { refId: 'first', expr: runFirstExport(scope), instant: true, range: false },
      { refId: 'last', expr: runLastExport(scope), instant: true, range: false },
    ];
    super({
      fitted: false,
      ...state,
      query: new SceneQueryRunner({ datasource: DATASOURCE_REFS.prometheus, queries }),
    });
    this.addActivationHandler(() => this.onActivate());
  }

  getUrlState(): SceneObjectUrlValues {
    return { [RUN_WINDOW_URL_KEY]: this.state.fitted ? 'fitted' : null };
  }

  updateFromUrl(values: SceneObjectUrlValues): void {
    const fitted = values[RUN_WINDOW_URL_KEY] === 'fitted';
    if (fitted !== this.state.fitted) {
      this.setState({ fitted });
    }
  }

  private stopQuery?: () => void;

  private onActivate() {
    if (this.state.fitted) {
      return;
    }
    const { query } = this.state;
    // Not fitted yet: ask once, in the range the page opened with (where the Runs page found the run).
    const sub = query.subscribeToState(({ data }) => this.fitTo(runWindowOf(data)));
    this.stopQuery = query.activate();
    this.fitTo(runWindowOf(query.state.data));
    return () => {
      sub.unsubscribe();
      this.stopQuery?.();
      this.stopQuery = undefined;
    };
  }

  private fitTo(window: { firstMs: number; lastMs: number } | undefined) {
    if (!window || this.state.fitted) {
      return;
    }
    // Done asking before the range changes (which would re-run the query).
    this.stopQuery?.();
    this.stopQuery = undefined;
    const from = dateTime(window.firstMs - RUN_WINDOW_MARGIN_MS);
    const endMs = window.lastMs + RUN_WINDOW_MARGIN_MS;
    // A run still exporting keeps its end at now.
    const to = endMs >= Date.now() ? 'now' : dateTime(endMs).toISOString();
    // setState, not onTimeRangeChange: the page's first range is replaced, not a step to go back to.
    sceneGraph.getTimeRange(this).setState({
      from: from.toISOString(),
      to,
      value: { from, to: to === 'now' ? dateTime() : dateTime(endMs), raw: { from: from.toISOString(), to } },
    });
    this.setState({ fitted: true });
  }
}

/** The first and last export (Unix seconds in Prometheus' answer) in milliseconds, once both are in. */
export function runWindowOf(data: PanelData | undefined): { firstMs: number; lastMs: number } | undefined {
  if (data?.state !== LoadingState.Done) {
    return undefined;
  }
  const value = (refId: string): number | undefined => {
    const frame = data.series.find((f) => f.refId === refId);
    const field = frame?.fields.find((f) => f.type === FieldType.number);
    const v = field?.values[field.values.length - 1];
    return typeof v === 'number' && Number.isFinite(v) ? v * 1000 : undefined;
  };
  const firstMs = value('first');
  const lastMs = value('last');
  return firstMs !== undefined && lastMs !== undefined ? { firstMs, lastMs } : undefined;
}
