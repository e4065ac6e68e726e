import {
  LAG_PHASES,
  LATENCY_QUANTILES,
  achievedRps,
  clientSpanLatencyQuantile,
  deficitReplicaSeconds,
  errorRateByType,
  latencyQuantile,
  replicas,
  scalingLagMeanInRange,
  successPercent,
  targetRps,
  type ReplicaSeries,
} from '@scaletrace/dashboards';
import { PanelBuilders, SceneQueryRunner, type VizPanel } from '@grafana/scenes';
import { GraphDrawStyle, LineInterpolation, StackingMode, type DataQuery } from '@grafana/schema';

import { runHpaScope, runScope } from '../../queries';
import { DATASOURCE_REFS, panelMenu } from '../../scenes';
import { lagThresholds } from './lagThreshold';

/* The Run page's Prometheus panels; every query string comes from @scaletrace/dashboards. */

interface PromQuery extends DataQuery {
  expr: string;
  legendFormat?: string;
  exemplar?: boolean;
  instant?: boolean;
  range?: boolean;
}

export function prometheus(queries: PromQuery[]): SceneQueryRunner {
  return new SceneQueryRunner({ datasource: DATASOURCE_REFS.prometheus, queries, maxDataPoints: 500 });
}

export function rpsPanel(runId: string): VizPanel {
  const s = runScope(runId);
  return PanelBuilders.timeseries()
    .setTitle('Target vs achieved RPS')
    .setData(
      prometheus([
        { refId: 'target', expr: targetRps(s), legendFormat: 'target' },
        { refId: 'achieved', expr: achievedRps(s), legendFormat: 'achieved' },
      ])
    )
    .setUnit('reqps')
    .setMenu(panelMenu())
    .build();
}

export function latencyPanel(runId: string): VizPanel {
  const s = runScope(runId);
  return PanelBuilders.timeseries()
    .setTitle('Latency p50 / p95 / p99')
    .setDescription('Exemplars (dots) are request spans: click one to open its trace in Tempo.')
    .setData(
      prometheus([
        // The generator's histogram carries no exemplars; the collector's span metrics do (in seconds too).
        ...LATENCY_QUANTILES.map((q) => ({
          refId: `p${q * 100}`,
          expr: latencyQuantile(s, q),
          legendFormat: `p${q * 100}`,
          exemplar: false,
        })),
        { refId: 'spanP95', expr: clientSpanLatencyQuantile(s, 0.95), legendFormat: 'p95 (spans)', exemplar: true },
      ])
    )
    .setUnit('s')
    .setMenu(panelMenu())
    .build();
}

export function errorsPanel(runId: string): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Errors by error.type')
    .setData(prometheus([{ refId: 'errors', expr: errorRateByType(runScope(runId)), legendFormat: '{{error_type}}' }]))
    .setUnit('reqps')
    .setCustomFieldConfig('stacking', { mode: StackingMode.Normal })
    .setCustomFieldConfig('fillOpacity', 30)
    .setNoValue('No failed requests')
    .setMenu(panelMenu())
    .build();
}

const REPLICA_SERIES: readonly ReplicaSeries[] = ['current', 'desired', 'ready'];

export function replicasPanel(runId: string): VizPanel {
  const s = runHpaScope(runId);
  return PanelBuilders.timeseries()
    .setTitle('Replicas per HPA')
    .setDescription('current = the scale target spec, desired = the HPA decision, ready = available pods.')
    .setData(
      prometheus(
        REPLICA_SERIES.map((series) => ({
          refId: series,
          expr: replicas(s, series),
          legendFormat: `{{k8s_hpa_name}} ${series}`,
        }))
      )
    )
    .setUnit('none')
    .setDecimals(0)
    .setCustomFieldConfig('drawStyle', GraphDrawStyle.Line)
    .setCustomFieldConfig('lineInterpolation', LineInterpolation.StepAfter)
    .setMenu(panelMenu())
    .build();
}

const LAG_TITLES = { detection: 'Detection lag', actuation: 'Actuation lag', total: 'Total scaling lag' } as const;

/** Stat panels: scale-up lag per phase (red at or past the threshold), replica deficit and success %. */
export function runStatPanels(runId: string, lagThresholdS: number): VizPanel[] {
  const hpa = runHpaScope(runId);
  const lags = LAG_PHASES.map((phase) =>
    PanelBuilders.stat()
      .setTitle(LAG_TITLES[phase])
      .setData(
        prometheus([
          {
            refId: phase,
            expr: scalingLagMeanInRange(hpa, phase),
            legendFormat: '{{k8s_hpa_name}}',
            instant: true,
            range: false,
          },
        ])
      )
      .setUnit('s')
      .setThresholds(lagThresholds(lagThresholdS))
      .setNoValue('no scale-up')
      .setMenu(panelMenu())
      .build()
  );
  const deficit = PanelBuilders.stat()
    .setTitle('Replica deficit')
    .setDescription('∫ max(0, desired − ready) dt over the time range')
    .setData(
      prometheus([
        {
          refId: 'deficit',
          expr: deficitReplicaSeconds(hpa),
          legendFormat: '{{k8s_hpa_name}}',
          instant: true,
          range: false,
        },
      ])
    )
    .setUnit('replica·s')
    .setMenu(panelMenu())
    .build();
  const success = PanelBuilders.stat()
    .setTitle('Success')
    .setData(prometheus([{ refId: 'success', expr: successPercent(runScope(runId)), instant: true, range: false }]))
    .setUnit('percent')
    .setDecimals(2)
    .setMenu(panelMenu())
    .build();
  return [...lags, deficit, success];
}
