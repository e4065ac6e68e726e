import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import { TableCellDisplayMode } from '@grafana/schema';
import { scalingEpisodeSpans } from '@scaletrace/dashboards';

import { panelMenu } from '../../scenes';
import { EPISODE_COLUMNS, episodeColumnOverrides, episodesData } from '../Scaling/scalingPanels';
import { lagThresholds } from './lagThreshold';

/* This run's scaling episodes from Tempo, in the Scaling page's table (its columns but the run). */

// The run is the page's: its column would repeat the same id on every row.
const COLUMNS = EPISODE_COLUMNS.filter((c) => c.attribute !== 'loadtest.run.id');
const LAG_TITLES = ['Detection', 'Actuation', 'Total'];

/** One row per scale-up/-down of this run: lag per phase (red past the threshold) and replica deficit. */
export function runEpisodesPanel(runId: string, thresholdS: number): VizPanel {
  const numeric = episodeColumnOverrides(COLUMNS);
  return PanelBuilders.table()
    .setTitle('Scaling episodes')
    .setDescription(
      `Each scale-up/-down of this run: detection and actuation lag (red at ≥ ${thresholdS} s) and the replica deficit. The span ID opens its trace.`
    )
    .setData(episodesData(scalingEpisodeSpans({ runId, hpa: '.+' }), COLUMNS))
    .setNoValue('No scaling episodes in this run')
    .setOverrides((o) => {
      numeric(o);
      for (const title of LAG_TITLES) {
        o.matchFieldsWithName(title)
          .overrideThresholds(lagThresholds(thresholdS))
          .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText });
      }
    })
    .setMenu(panelMenu())
    .build();
}
