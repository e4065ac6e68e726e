import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2 } from '@grafana/data';
import type { SceneComponentProps } from '@grafana/scenes';
import { Alert, Drawer, InteractiveTable, LinkButton, LoadingPlaceholder, useStyles2 } from '@grafana/ui';

import { testIds } from '../../../components/testIds';
import { failedRequestColumns, formatTime } from './failedRequestColumns';
import { FailedRequestFilters, filterRows, type FailedRequestFilter } from './failedRequestFilters';
import { failedRequestRows, type FailedRequestRow } from './failedRequestRows';
import type { FailedRequestsScene } from './FailedRequestsScene';
import { readySteps } from './readyReplicasAt';

/** The table (filters, ready replicas, Explore links) and the open trace in a drawer. */
export function FailedRequestsView({ model }: SceneComponentProps<FailedRequestsScene>) {
  const { traceView, traceId, traceTime, errorType, ready } = model.useState();
  const { data } = model.state.$data.useState();
  const { data: readyData } = model.state.readyReplicas.useState();
  const styles = useStyles2(getStyles);
  const rows = failedRequestRows(data?.series ?? [], readySteps(readyData?.series ?? []));
  const open = rows.find((r) => r.traceId === traceId);

  return (
    <div className={styles.container} data-testid={testIds.run.failedRequests}>
      <h4>Failed requests</h4>
      <FailedRequestsBody
        model={model}
        state={data?.state}
        error={data?.errors?.[0]?.message}
        rows={rows}
        filter={{ errorType, ready }}
      />
      {traceView && traceId && traceTime !== undefined && (
        <Drawer
          title={`Trace ${traceId}`}
          subtitle={<TraceSubtitle model={model} traceId={traceId} timeMs={traceTime} row={open} />}
          size="lg"
          onClose={() => model.closeTrace()}
        >
          <div data-testid={testIds.run.traceView}>
            <traceView.Component model={traceView} />
          </div>
        </Drawer>
      )}
    </div>
  );
}

interface SubtitleProps {
  model: FailedRequestsScene;
  traceId: string;
  timeMs: number;
  row?: FailedRequestRow;
}

function TraceSubtitle({ model, traceId, timeMs, row }: SubtitleProps) {
  const ready = row?.readyReplicas === undefined ? '' : ` with ${row.readyReplicas} ready replica(s)`;
  return (
    <>
      Failed at {formatTime(timeMs)}
      {ready}.{' '}
      <LinkButton size="sm" fill="text" icon="compass" href={model.exploreUrl(traceId, timeMs, row?.spanId)}>
        Open in Explore
      </LinkButton>
    </>
  );
}

interface BodyProps {
  model: FailedRequestsScene;
  state?: LoadingState;
  error?: string;
  rows: FailedRequestRow[];
  filter: FailedRequestFilter;
}

function FailedRequestsBody({ model, state, error, rows, filter }: BodyProps) {
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
  const shown = filterRows(rows, filter);
  return (
    <>
      {searching && <LoadingPlaceholder text="Still searching Tempo for more…" />}
      <FailedRequestFilters rows={rows} filter={filter} onChange={(f) => model.setFilter(f)} />
      <InteractiveTable
        columns={failedRequestColumns({
          openTrace: (r) => model.openTrace(r.traceId, r.timeMs),
          exploreUrl: (r) => model.exploreUrl(r.traceId, r.timeMs, r.spanId),
        })}
        data={shown}
        getRowId={(r: FailedRequestRow) => `${r.traceId}/${r.spanId}`}
      />
    </>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  container: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1), width: '100%' }),
});
