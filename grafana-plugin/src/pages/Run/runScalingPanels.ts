import { hpaUtilization, podCpuCores, scalingLagMean } from '@scaletrace/dashboards';
import { PanelBuilders, type VizPanel } from '@grafana/scenes';
import { GraphThresholdsStyleMode, LineInterpolation } from '@grafana/schema';

import { runHpaScope } from '../../queries';
import { panelMenu } from '../../scenes';
import { lagThresholds } from './lagThreshold';
import { prometheus } from './runPanels';

/* "Did it scale fast enough?": lag against the threshold, and what drove the HPA. */

export function lagSeriesPanel(runId: string, thresholdS: number): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Scale-up lag per HPA')
    .setDescription(`Mean load-change → Ready lag so far; the red line is the ${thresholdS} s threshold.`)
    .setData(
      prometheus([
        { refId: 'lag', expr: scalingLagMean(runHpaScope(runId), 'total'), legendFormat: '{{k8s_hpa_name}}' },
      ])
    )
    .setUnit('s')
    .setMin(0)
    .setThresholds(lagThresholds(thresholdS))
    .setCustomFieldConfig('thresholdsStyle', { mode: GraphThresholdsStyleMode.Line })
    .setNoValue('no scale-up')
    .setMenu(panelMenu())
    .build();
}

export function hpaUtilizationPanel(runId: string): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('HPA metric vs target')
    .setDescription('The metric the HPA scales on (current) against its target, in % of the pods’ requests.')
    .setData(
      prometheus([
        {
          refId: 'utilization',
          expr: hpaUtilization(runHpaScope(runId)),
          legendFormat: '{{k8s_hpa_name}} {{metric}} {{kind}}',
        },
      ])
    )
    .setUnit('percent')
    .setCustomFieldConfig('lineInterpolation', LineInterpolation.StepAfter)
    // The target is a constant: dash it so the crossing reads at a glance.
    .setOverrides((o) =>
      o.matchFieldsWithNameByRegex('.* target$').overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] })
    )
    .setMenu(panelMenu())
    .build();
}

export function podCpuPanel(runId: string): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Pod CPU')
    .setDescription('CPU cores per pod of the scale target (metrics.k8s.io, what kubectl top shows).')
    .setData(prometheus([{ refId: 'cpu', expr: podCpuCores(runHpaScope(runId)), legendFormat: '{{k8s_pod_name}}' }]))
    .setUnit('none')
    .setDecimals(2)
    .setMenu(panelMenu())
    .build();
}
