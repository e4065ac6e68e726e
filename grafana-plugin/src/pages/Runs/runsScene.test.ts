import { FieldType, LoadingState, getFieldDisplayName, toDataFrame, type DataFrame } from '@grafana/data';
import { sceneGraph, SceneDataTransformer, VizPanel } from '@grafana/scenes';
import { runsInfo, runsStart } from '@scaletrace/dashboards';

import { RUNS_SCOPE } from '../../queries';
import { respondWith, sentQueries, sentRequests, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { activate } from '../../test/activate';
import { RUN_LINK_URL, RUNS_EMPTY_TEXT, runsScene } from './runsScene';

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
    expect(queries).toContain(runsInfo(RUNS_SCOPE));
    expect(queries).toContain(`(${runsStart(RUNS_SCOPE)}) * 1000`);
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
    const data = (panel.state.$data as SceneDataTransformer).state.data!;
    expect(data.state).toBe(LoadingState.Done);
    const frame = data.series[0]!;
    expect(frame.length).toBe(1);
    const column = (title: string) => frame.fields.find((f) => getFieldDisplayName(f, frame) === title)!;
    // organize renames by display name.
    expect(frame.fields.map((f) => getFieldDisplayName(f, frame))).toEqual(
      expect.arrayContaining([
        'Run',
        'Scenario',
        'Start',
        'Duration',
        'RPS',
        'p95',
        'Errors',
        'Thresholds',
        'Max replicas',
        'Worst scaling lag',
      ])
    );
    expect(column('Errors').values[0]).toBe(2.5);
    expect(column('Thresholds').values[0]).toBe('failed');
    expect(column('Run').values[0]).toBe('r-1');
  });

  it('links each run to its Run page, keeping the time range', () => {
    // Checked before activation: the test panel plugin has no standard field options to keep them.
    const linkOverride = table1(runsScene({})).state.fieldConfig.overrides.find((o) => o.matcher.options === 'Run');
    expect(linkOverride?.properties).toEqual([{ id: 'links', value: [{ title: 'Open run', url: RUN_LINK_URL }] }]);
    expect(RUN_LINK_URL).toBe('/a/scaletrace-app/run/${__value.text:percentencode}?${__url_time_range}');
  });

  it('says so when there are no runs, and passes a query error to the panel', async () => {
    const scene = runsScene({});
    expect(table1(scene).state.fieldConfig.defaults.noValue).toBe(RUNS_EMPTY_TEXT);

    respondWith(() => ({ state: LoadingState.Error, errors: [{ message: 'bad_data: parse error' }] }));
    await activate(scene);
    const data = (table1(scene).state.$data as SceneDataTransformer).state.data!;
    expect(data.state).toBe(LoadingState.Error);
    expect(data.errors?.[0]?.message).toBe('bad_data: parse error');
  });
});
