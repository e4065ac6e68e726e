import { getFieldDisplayName, LoadingState, type DataFrame } from '@grafana/data';
import { sceneGraph, VizPanel } from '@grafana/scenes';

import { NoDataFallback } from '../../scenes';
import { activate } from '../../test/activate';
import { prometheusSeries, recording, type Recording } from '../../test/prometheusFrames';
import { respondWith, setupSceneTestEnv } from '../../test/sceneTestEnv';
import { runsScene } from './runsScene';

/*
 * The Runs table's merge/organize/sortBy over what a real Prometheus answered its eight instant
 * table queries (recorded-prometheus/runs-table.jsonc: runs e2e-spike, e2e-drops, e2e-closed of the
 * end-to-end test), as Grafana's Prometheus handling frames them: one table per query with a
 * `Value #<refId>` column. The expected rows are read off that file.
 */

async function tableData(recording: Recording) {
  respondWith((req) => ({ series: prometheusSeries(recording.queries, req) }));
  const scene = runsScene({});
  await activate(scene);
  const [panel, ...others] = sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
  expect(others).toEqual([]);
  return { scene, data: sceneGraph.getData(panel!).state.data! };
}

const rows = (frame: DataFrame) =>
  Array.from({ length: frame.length }, (_, i) =>
    Object.fromEntries(frame.fields.map((f) => [getFieldDisplayName(f, frame), f.values[i] ?? null]))
  );

describe('Runs table on recorded Prometheus answers', () => {
  beforeEach(setupSceneTestEnv);

  it('one row per run, newest first, every column from its query', async () => {
    const { data } = await tableData(recording('runs-table'));
    expect(data.state).toBe(LoadingState.Done);
    expect(data.series).toHaveLength(1);
    const frame = data.series[0]!;
    expect(frame.fields.map((f) => getFieldDisplayName(f, frame))).toEqual([
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
      'Model',
    ]);
    expect(rows(frame)).toEqual([
      {
        Run: 'e2e-drops',
        Scenario: 'drops',
        Start: 1796289613589,
        Duration: 7.29800009727478,
        RPS: 280.0767296184705,
        p95: 0.007977199999999997,
        Errors: 0,
        Thresholds: 'passed',
        'Max replicas': null,
        'Worst scaling lag': null,
        Model: 'open',
      },
      {
        Run: 'e2e-closed',
        Scenario: 'closed',
        Start: 1796289613333,
        Duration: 7.04200005531311,
        RPS: 466.628794971501,
        p95: 0.005372482352941171,
        Errors: 0,
        Thresholds: 'passed',
        'Max replicas': null,
        'Worst scaling lag': null,
        Model: 'closed',
      },
      {
        Run: 'e2e-spike',
        Scenario: 'spike',
        Start: 1796289613041,
        Duration: 152.42200016975403,
        RPS: 42.4741834695112,
        p95: 1.6075596153846143,
        Errors: 35.511275872721654,
        Thresholds: 'passed',
        'Max replicas': 2,
        'Worst scaling lag': 9.271,
        Model: 'open',
      },
    ]);
  });

  it('shows how to send data when Prometheus has no run in the range', async () => {
    const { scene, data } = await tableData(recording('runs-table-empty'));
    expect(data.series.every((f) => f.length === 0)).toBe(true);
    expect((sceneGraph.findObject(scene, (o) => o instanceof NoDataFallback) as NoDataFallback).state.showEmpty).toBe(
      true
    );
  });
});
