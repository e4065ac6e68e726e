import { FieldType, LoadingState, getFieldDisplayName, toDataFrame, type DataFrame } from '@grafana/data';
import { createElement } from 'react';
import { act, render, screen } from '@testing-library/react';
import { sceneGraph, SceneQueryRunner, VizPanel, VizPanelMenu, type SceneObject } from '@grafana/scenes';

import { RUNS_COLUMNS } from '../../queries';
import { respondWith, sentQueries, sentRequests, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { activate } from '../../test/activate';
import { NoDataFallback, OnboardingScene } from '../../scenes';
import { RUN_LINK_URL, RUNS_EMPTY_TEXT, runsScene, SEND_DATA_COMMAND } from './runsScene';

/** One instant table frame per query, as Prometheus answers `format: table`. */
function table(refId: string, rows: Array<Record<string, string | number>>): DataFrame {
  const names = Object.keys(rows[0] ?? {});
  return toDataFrame({
    refId,
    fields: [
      { name: 'Time', type: FieldType.time, values: rows.map(() => 1_700_000_000_000) },
      ...names.map((n) => ({
        name: n === 'value' ? `Value #${refId}` : n,
        type: typeof rows[0]![n] === 'number' ? FieldType.number : FieldType.string,
        values: rows.map((r) => r[n]),
      })),
    ],
  });
}

function table1(scene: ReturnType<typeof runsScene>): VizPanel {
  const panels = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  expect(panels).toHaveLength(1);
  return panels[0]!;
}

describe('Runs scene', () => {
  beforeEach(setupSceneTestEnv);

  it('asks the configured Prometheus for every column as an instant table query', async () => {
    const scene = runsScene({ prometheusUid: 'prom-2' });
    await activate(scene);
    const queries = sentQueries('prom-2');
    const info = (status: string) =>
      `max by (loadtest_run_id, loadtest_scenario, loadtest_model, loadtest_run_status) (last_over_time(loadtest_run_info{loadtest_run_status${status}}[$__range]))`;
    expect(queries).toContain(`${info('!="running"')} or on (loadtest_run_id) ${info('="running"')}`);
    expect(queries).toContain(
      '(min by (loadtest_run_id) (min_over_time(timestamp(loadtest_run_info)[$__range:5s]))) * 1000'
    );
    expect(queries).toHaveLength(8);
    const targets = sentRequests[0]!.request.targets as Array<{ instant?: boolean; format?: string }>;
    expect(targets.every((t) => t.instant === true && t.format === 'table')).toBe(true);
  });

  it('joins the columns into one row per run', async () => {
    respondWith((req) => ({
      series: req.targets.map((t) =>
        t.refId === 'info'
          ? table('info', [
              {
                loadtest_run_id: 'r-1',
                loadtest_scenario: 'spike',
                loadtest_model: 'open',
                loadtest_run_status: 'failed',
                value: 1,
              },
            ])
          : table(t.refId, [{ loadtest_run_id: 'r-1', value: t.refId === 'errors' ? 2.5 : 10 }])
      ),
    }));
    const scene = runsScene({});
    await activate(scene);
    const panel = table1(scene);
    const data = sceneGraph.getData(panel).state.data!;
    expect(data.state).toBe(LoadingState.Done);
    const frame = data.series[0]!;
    expect(frame.length).toBe(1);
    // organize renames by display name (every title, in order: runsTable.recorded.test.ts).
    const column = (title: string) => frame.fields.find((f) => getFieldDisplayName(f, frame) === title)!;
    expect(column('Errors').values[0]).toBe(2.5);
    expect(column('Thresholds').values[0]).toBe('failed');
    expect(column('Run').values[0]).toBe('r-1');
  });

  it('links each run to its Run page, keeping the time range', () => {
    // Checked before activation: the test panel plugin has no standard field options to keep them.
    const linkOverride = table1(runsScene({})).state.fieldConfig.overrides.find((o) => o.matcher.options === 'Run');
    expect(linkOverride?.properties).toEqual([{ id: 'links', value: [{ title: 'Open run', url: RUN_LINK_URL }] }]);
    expect(RUN_LINK_URL).toBe('/a/scaletrace-loadtest-app/run?runId=${__value.text:percentencode}&${__url_time_range}');
  });

  it('says so when there are no runs, and passes a query error to the panel', async () => {
    const scene = runsScene({});
    expect(table1(scene).state.fieldConfig.defaults.noValue).toBe(RUNS_EMPTY_TEXT);

    respondWith(() => ({ state: LoadingState.Error, errors: [{ message: 'bad_data: parse error' }] }));
    await activate(scene);
    const data = sceneGraph.getData(table1(scene)).state.data!;
    expect(data.state).toBe(LoadingState.Error);
    expect(data.errors?.[0]?.message).toBe('bad_data: parse error');
  });
});

const find = <T extends SceneObject>(scene: SceneObject, type: abstract new (...args: never[]) => T): T | undefined =>
  (sceneGraph.findObject(scene, (o) => o instanceof type) as T | null) ?? undefined;

const oneRun = () =>
  respondWith((req) => ({
    series: req.targets.map((t) => table(t.refId, [{ loadtest_run_id: 'r-1', value: 1 }])),
  }));

describe('Runs page without ScaleTrace data', () => {
  beforeEach(setupSceneTestEnv);

  it('says how to send data when Prometheus has no loadtest_run_info, instead of an empty table', async () => {
    // Prometheus answers an instant query with no series: no run ever exported its telemetry.
    respondWith(() => ({ series: [] }));
    const scene = runsScene({});
    await activate(scene);
    const fallback = find(scene, NoDataFallback)!;
    expect(fallback.state.showEmpty).toBe(true);
    render(createElement(fallback.Component, { model: fallback }));
    expect(screen.getByText(RUNS_EMPTY_TEXT)).toBeTruthy();
    expect(screen.getByText(SEND_DATA_COMMAND)).toBeTruthy();
    expect(SEND_DATA_COMMAND).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT=\S+ npx scaletrace run /);
    // The plugin's overview page in Grafana shows its README, whose "Sending data" sums up docs/deploy.md.
    expect(screen.getByRole('link', { name: /docs\/deploy\.md/ }).getAttribute('href')).toBe(
      '/plugins/scaletrace-loadtest-app?page=overview#sending-data'
    );
  });

  it('shows the table when there are runs', async () => {
    oneRun();
    const scene = runsScene({});
    await activate(scene);
    const fallback = find(scene, NoDataFallback)!;
    expect(fallback.state.showEmpty).toBe(false);
    render(createElement(fallback.Component, { model: fallback }));
    expect(screen.queryByText(SEND_DATA_COMMAND)).toBeNull();
  });

  it('leaves a query error to the table, which shows it', async () => {
    respondWith(() => ({ state: LoadingState.Error, errors: [{ message: 'bad_data: parse error' }] }));
    const scene = runsScene({});
    await activate(scene);
    expect(find(scene, NoDataFallback)!.state.showEmpty).toBe(false);
  });

  it('comes back from the empty state when runs appear on refresh', async () => {
    const scene = runsScene({});
    await activate(scene);
    const fallback = find(scene, NoDataFallback)!;
    expect(fallback.state.showEmpty).toBe(true);
    oneRun();
    await act(async () => {
      find(scene, SceneQueryRunner)!.runQueries();
      await new Promise((r) => setTimeout(r, 0));
    });
    expect(fallback.state.showEmpty).toBe(false);
  });
});

describe('Runs page without its data source', () => {
  beforeEach(setupSceneTestEnv);

  it('says which data source is missing and links to the app configuration and the docs', () => {
    const scene = runsScene({ prometheusUid: 'deleted-prom' });
    const onboarding = find(scene, OnboardingScene)!;
    expect(onboarding.state.missing).toEqual([{ kind: 'prometheus', uid: 'deleted-prom', configured: true }]);
    render(createElement(onboarding.Component, { model: onboarding }));
    expect(screen.getByText('ScaleTrace cannot find its Prometheus data source')).toBeTruthy();
    expect(screen.getByText(/the configured data source "deleted-prom" does not exist/)).toBeTruthy();
    // (getByRole is slow over EmptyState's inline illustration.)
    expect(screen.getByText('Configure ScaleTrace').closest('a')?.getAttribute('href')).toBe(
      '/plugins/scaletrace-loadtest-app'
    );
    expect(screen.getByText('docs/deploy.md').closest('a')?.getAttribute('href')).toBe(
      '/plugins/scaletrace-loadtest-app?page=overview#sending-data'
    );
  });

  it('shows no onboarding when the data source exists, or the default is absent but another Prometheus is there', () => {
    expect(find(runsScene({ prometheusUid: 'prom-2' }), OnboardingScene)).toBeUndefined();
    expect(find(runsScene({}), OnboardingScene)).toBeUndefined();
  });
});

describe('Runs table menu', () => {
  beforeEach(setupSceneTestEnv);

  it('opens the table\u2019s queries in Explore', async () => {
    oneRun();
    const scene = runsScene({ prometheusUid: 'prom-2' });
    await activate(scene);
    const menu = table1(scene).state.menu as VizPanelMenu;
    const [item] = menu.state.items ?? [];
    expect(item?.text).toBe('Explore');
    const pane = JSON.parse(new URLSearchParams(item!.href!.split('?')[1]).get('panes')!).scaletrace;
    expect(pane.datasource).toBe('prom-2');
    expect(pane.range).toEqual({ from: 'now-24h', to: 'now' });
    expect(pane.queries.map((q: { expr: string }) => q.expr)).toEqual(RUNS_COLUMNS.map((c) => c.expr));
  });
});
