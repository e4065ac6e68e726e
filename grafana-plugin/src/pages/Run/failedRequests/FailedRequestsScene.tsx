import { locationUtil } from '@grafana/data';
import {
  sceneGraph,
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  SceneQueryRunner,
  type SceneFlexLayout,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { EXPORT_STEP_S, failedRequests, replicas } from '@scaletrace/dashboards';

import { runHpaScope } from '../../../queries';
import { DATASOURCE_REFS } from '../../../scenes';
import type { FailedRequestFilter } from './failedRequestFilters';
import { FailedRequestsView } from './FailedRequestsView';
import { traceExploreUrl } from './traceExploreUrl';
import { traceWithReplicasScene } from './traceWithReplicasScene';

/** Tempo returns at most this many spans per search. */
export const FAILED_REQUESTS_LIMIT = 200;

export interface FailedRequestsState extends SceneObjectState, FailedRequestFilter {
  runId: string;
  $data: SceneQueryRunner;
  /** Ready replicas over the range (Prometheus), to join each failure with the count at its time. */
  readyReplicas: SceneQueryRunner;
  /** The open trace (URL-synced, so a link to a failed request can be shared). */
  traceId?: string;
  traceTime?: number;
  traceView?: SceneFlexLayout;
}

const URL_KEYS = ['traceId', 'traceTime', 'errorType', 'ready'] as const;

/** The run's failed requests from Tempo; a row opens its trace in a drawer, beside the replicas at that moment. */
export class FailedRequestsScene extends SceneObjectBase<FailedRequestsState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: [...URL_KEYS] });

  constructor(state: { runId: string }) {
    super({
      ...state,
      $data: new SceneQueryRunner({
        datasource: DATASOURCE_REFS.tempo,
        queries: [
          {
            refId: 'failed',
            queryType: 'traceql',
            tableType: 'spans',
            query: failedRequests(state.runId),
            limit: FAILED_REQUESTS_LIMIT,
            // One request span per trace: each request starts its own trace (W3C traceparent to the target).
            spss: 1,
          },
        ],
      }),
      readyReplicas: new SceneQueryRunner({
        datasource: DATASOURCE_REFS.prometheus,
        queries: [{ refId: 'ready', expr: replicas(runHpaScope(state.runId), 'ready'), range: true, instant: false }],
        // One point per export (Prometheus allows 11 000 per series): the step function stays exact.
        minInterval: `${EXPORT_STEP_S}s`,
        maxDataPoints: 10_000,
      }),
    });
    // Not rendered by itself: runs while the table is active.
    this.addActivationHandler(() => this.state.readyReplicas.activate());
  }

  getUrlState(): SceneObjectUrlValues {
    const { traceId, traceTime, errorType, ready } = this.state;
    return { traceId, traceTime: traceTime?.toString(), errorType, ready };
  }

  updateFromUrl(values: SceneObjectUrlValues): void {
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    if (text(values.errorType) !== this.state.errorType || text(values.ready) !== this.state.ready) {
      this.setFilter({ errorType: text(values.errorType), ready: text(values.ready) });
    }
    const traceId = text(values.traceId);
    const traceTime = Number(values.traceTime);
    if (traceId === this.state.traceId) {
      return;
    }
    if (traceId && Number.isFinite(traceTime)) {
      this.openTrace(traceId, traceTime);
    } else {
      this.closeTrace();
    }
  }

  setFilter(filter: FailedRequestFilter): void {
    this.setState({ errorType: filter.errorType, ready: filter.ready });
  }

  openTrace(traceId: string, timeMs: number): void {
    this.setState({ traceId, traceTime: timeMs, traceView: traceWithReplicasScene(this.state.runId, traceId, timeMs) });
  }

  closeTrace(): void {
    this.setState({ traceId: undefined, traceTime: undefined, traceView: undefined });
  }

  /** Explore's URL for a trace, in the Tempo data source the page's variable picked. */
  exploreUrl(traceId: string, timeMs: number, spanId?: string): string {
    const uid = sceneGraph.interpolate(this, DATASOURCE_REFS.tempo.uid);
    return locationUtil.assureBaseUrl(traceExploreUrl(uid, traceId, timeMs, spanId));
  }

  static Component = FailedRequestsView;
}
