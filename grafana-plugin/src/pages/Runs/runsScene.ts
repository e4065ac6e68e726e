import {
  EmbeddedScene,
  PanelBuilders,
  SceneControlsSpacer,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { MappingType } from '@grafana/data';
import { TableCellDisplayMode } from '@grafana/schema';
import { LABELS } from '@scaletrace/dashboards';

import { DOCS_URLS } from '../../components/Onboarding/docs';
import { ROUTES } from '../../constants';
import { RUNS_COLUMNS, RUNS_LABEL_COLUMNS } from '../../queries';
import {
  DATASOURCE_REFS,
  datasourceVariables,
  EmptyStateScene,
  NoDataFallback,
  onboardingItems,
  panelMenu,
} from '../../scenes';
import type { AppSettings } from '../../settings';
import { prefixRoute, RUN_ID_URL_KEY } from '../../utils/utils.routing';

export const RUNS_EMPTY_TEXT = 'No load-test runs in this time range';

/** How runs get here, shown instead of an empty table when Prometheus has no loadtest_run_info. */
export const SEND_DATA_COMMAND =
  'OTEL_EXPORTER_OTLP_ENDPOINT=http://<otel-collector>:4318 npx scaletrace run <scenario>.yaml';

/**
 * Row link to the Run page, keeping the time range the runs were found in. The run id goes in the
 * query string (see runUrl); `percentencode` is encodeURIComponent that also escapes !'()*.
 */
export const RUN_LINK_URL = `${prefixRoute(ROUTES.Run)}?${RUN_ID_URL_KEY}=\${__value.text:percentencode}&\${__url_time_range}`;

export function runsScene(settings: AppSettings): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-24h', to: 'now' }),
    $variables: new SceneVariableSet({ variables: datasourceVariables(settings, ['prometheus']) }),
    controls: [
      new VariableValueSelectors({}),
      new SceneControlsSpacer(),
      new SceneTimePicker({}),
      new SceneRefreshPicker({}),
    ],
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        ...onboardingItems(settings, ['prometheus']),
        new SceneFlexItem({ minHeight: 400, body: runsTable() }),
      ],
    }),
  });
}

function runsTable(): NoDataFallback {
  const queries = new SceneQueryRunner({
    datasource: DATASOURCE_REFS.prometheus,
    queries: RUNS_COLUMNS.map((c) => ({ refId: c.refId, expr: c.expr, instant: true, range: false, format: 'table' })),
  });
  const rows = new SceneDataTransformer({
    $data: queries,
    transformations: [
      // Each query is a table keyed by loadtest_run_id: merge makes one row per run.
      { id: 'merge', options: {} },
      {
        id: 'organize',
        options: {
          excludeByName: { Time: true, 'Value #info': true },
          renameByName: {
            ...RUNS_LABEL_COLUMNS,
            ...Object.fromEntries(RUNS_COLUMNS.map((c) => [`Value #${c.refId}`, c.title])),
          },
          indexByName: Object.fromEntries(
            [
              LABELS.runId,
              LABELS.scenario,
              'Value #start',
              'Value #duration',
              'Value #rps',
              'Value #p95',
              'Value #errors',
              LABELS.runStatus,
              'Value #maxReplicas',
              'Value #worstLag',
            ].map((name, i) => [name, i])
          ),
        },
      },
      { id: 'sortBy', options: { sort: [{ field: 'Start', desc: true }] } },
    ],
  });

  const panel = PanelBuilders.table()
    .setTitle('Load-test runs')
    .setDescription('Every run with loadtest_run_info in the time range. Click a run to open it.')
    .setMenu(panelMenu())
    .setNoValue(RUNS_EMPTY_TEXT)
    .setOverrides((b) => {
      for (const c of RUNS_COLUMNS) {
        b.matchFieldsWithName(c.title)
          .overrideUnit(c.unit)
          .overrideDecimals(c.unit === 'none' ? 0 : 2);
      }
      b.matchFieldsWithName(RUNS_LABEL_COLUMNS[LABELS.runId]).overrideLinks([{ title: 'Open run', url: RUN_LINK_URL }]);
      b.matchFieldsWithName(RUNS_LABEL_COLUMNS[LABELS.runStatus])
        // loadtest.run.status (docs/telemetry.md): running, then passed, failed, interrupted or aborted.
        .overrideMappings([
          {
            type: MappingType.ValueToText,
            options: {
              passed: { text: '✓ passed', color: 'green' },
              failed: { text: '✗ failed', color: 'red' },
              interrupted: { text: 'interrupted', color: 'orange' },
              aborted: { text: 'aborted', color: 'orange' },
              running: { text: 'running', color: 'blue' },
            },
          },
        ])
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText });
    })
    .build();
  // The rows live above the panel so they stay queried (refresh, time range) while the empty state shows.
  return new NoDataFallback({ $data: rows, panel, empty: noRunsState() });
}

function noRunsState(): EmptyStateScene {
  return new EmptyStateScene({
    message: RUNS_EMPTY_TEXT,
    remedy:
      'A run shows up here once it exports its telemetry over OTLP to the collector that writes to this Prometheus:',
    command: SEND_DATA_COMMAND,
    docs: { title: 'How to deploy the collector, Prometheus, Tempo and Loki (docs/deploy.md)', url: DOCS_URLS.deploy },
  });
}
