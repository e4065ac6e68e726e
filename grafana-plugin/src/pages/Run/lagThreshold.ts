import { DEFAULT_ALERT_THRESHOLDS } from '@scaletrace/dashboards';
import { ThresholdsMode, type ThresholdsConfig } from '@grafana/data';

import type { AppSettings } from '../../settings';

/** The app's jsonData may carry the alert rules' scale-up lag threshold (AppSettings does not declare it yet). */
type WithLagThreshold = AppSettings & { scalingLagS?: unknown };

/** The scale-up lag users call "too slow": the settings' value, else the alert rule's default (60 s). */
export function lagThresholdS(settings: WithLagThreshold): number {
  const s = settings.scalingLagS;
  return typeof s === 'number' && Number.isFinite(s) && s > 0 ? s : DEFAULT_ALERT_THRESHOLDS.scalingLagS;
}

/** Green below the threshold, red at or above: stats colour by it, time series draw it as a line. */
export function lagThresholds(thresholdS: number): ThresholdsConfig {
  return {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'green' },
      { value: thresholdS, color: 'red' },
    ],
  };
}
