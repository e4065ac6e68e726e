import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import {
  SceneObjectBase,
  SceneObjectUrlSyncConfig,
  SceneQueryRunner,
  type SceneComponentProps,
  type SceneFlexLayout,
  type SceneObjectState,
  type SceneObjectUrlValues,
} from '@grafana/scenes';
import { Alert, Button, InteractiveTable, LoadingPlaceholder, useStyles2, type Column } from '@grafana/ui';
import { failedRequests } from '@scaletrace/dashboards';

import { testIds } from '../../../components/testIds';
import { DATASOURCE_REFS } from '../../../scenes';
import { failedRequestRows, type FailedRequestRow } from './failedRequestRows';
import { traceWithReplicasScene } from './traceWithReplicasScene';

/** Tempo returns at most this many spans per search. */
export const FAILED_REQUESTS_LIMIT = 200;

export interface FailedRequestsState extends SceneObjectState {
  runId: string;
  $data: SceneQueryRunner;
  /** The open trace (URL-synced, so a link to a failed request can be shared). */
  traceId?: string;
  traceTime?: number;
  traceView?: SceneFlexLayout;
}

/** The run's failed requests from Tempo; a row opens its trace here, beside the replicas at that moment. */
export class FailedRequestsScene extends SceneObjectBase<FailedRequestsState> {
  protected _urlSync = new SceneObjectUrlSyncConfig(this, { keys: ['traceId', 'traceTime'] });

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
    });
  }

  getUrlState(): SceneObjectUrlValues {
    return { traceId: this.state.traceId, traceTime: this.state.traceTime?.toString() };
  }

  updateFromUrl(values: SceneObjectUrlValues): void {
    const traceId = typeof values.traceId === 'string' ? values.traceId : undefined;
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

  openTrace(traceId: string, timeMs: number): void {
    this.setState({ traceId, traceTime: timeMs, traceView: traceWithReplicasScene(this.state.runId, traceId, timeMs) });
  }

  closeTrace(): void {
    this.setState({ traceId: undefined, traceTime: undefined, traceView: undefined });
  }

  static Component = FailedRequestsRenderer;
}

function FailedRequestsRenderer({ model }: SceneComponentProps<FailedRequestsScene>) {
  const { traceView, traceId } = model.useState();
  const { data } = model.state.$data.useState();
  const styles = useStyles2(getStyles);

  return (
    <div className={styles.container} data-testid={testIds.run.failedRequests}>
      <h4>Failed requests</h4>
      <FailedRequestsBody
        model={model}
        state={data?.state}
        error={data?.errors?.[0]?.message}
        rows={failedRequestRows(data?.series ?? [])}
      />
      {traceView && (
        <div className={styles.trace} data-testid={testIds.run.traceView}>
          <Button
            variant="secondary"
            size="sm"
            icon="times"
            onClick={() => model.closeTrace()}
            aria-label={`Close trace ${traceId}`}
          >
            Close trace
          </Button>
          <traceView.Component model={traceView} />
        </div>
      )}
    </div>
  );
}

interface BodyProps {
  model: FailedRequestsScene;
  state?: LoadingState;
  error?: string;
  rows: FailedRequestRow[];
}

function FailedRequestsBody({ model, state, error, rows }: BodyProps) {
  if (state === LoadingState.Error) {
    return (
      <Alert severity="error" title="Tempo query failed">
        {error ?? 'Unknown error'}
      </Alert>
    );
  }
  // Tempo streams search results: until Done, an empty list only means none arrived yet.
  const searching = state !== LoadingState.Done;
  if (rows.length === 0) {
    return searching ? (
      <LoadingPlaceholder text="Searching Tempo for failed requests…" />
    ) : (
      <p>No failed requests of this run in the time range (Tempo keeps every error span).</p>
    );
  }
  return (
    <>
      {searching && <LoadingPlaceholder text="Still searching Tempo for more…" />}
      <InteractiveTable
        columns={columns(model)}
        data={rows}
        getRowId={(r: FailedRequestRow) => `${r.traceId}/${r.spanId}`}
      />
    </>
  );
}

function columns(model: FailedRequestsScene): Array<Column<FailedRequestRow>> {
  return [
    {
      id: 'timeMs',
      header: 'Time',
      cell: ({ row }) => dateTimeFormat(row.original.timeMs, { format: 'YYYY-MM-DD HH:mm:ss.SSS' }),
    },
    {
      id: 'request',
      header: 'Request',
      cell: ({ row }) => (
        <Button
          variant="primary"
          fill="text"
          size="sm"
          onClick={() => model.openTrace(row.original.traceId, row.original.timeMs)}
        >
          {row.original.request || '(unnamed)'}
        </Button>
      ),
    },
    { id: 'status', header: 'Status' },
    { id: 'errorType', header: 'error.type' },
    { id: 'durationMs', header: 'Duration', cell: ({ row }) => `${row.original.durationMs.toFixed(1)} ms` },
    { id: 'pod', header: 'Serving pod' },
  ];
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: '100%' }),
  trace: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    alignItems: 'flex-start',
    width: '100%',
  }),
});
