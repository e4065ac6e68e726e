import { parseQuantity } from './quantities';
import type { HpaSample } from './types';

interface MetricTarget { type?: string; averageUtilization?: number; averageValue?: string | number; value?: string | number }
interface MetricValue { averageUtilization?: number; averageValue?: string | number; value?: string | number }
export interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
  pods?: { metric?: { name?: string }; target?: MetricTarget };
  object?: { metric?: { name?: string }; target?: MetricTarget };
  external?: { metric?: { name?: string }; target?: MetricTarget };
}
export interface MetricStatus {
  type?: string;
  resource?: { name?: string; current?: MetricValue };
  containerResource?: { name?: string; container?: string; current?: MetricValue };
  pods?: { metric?: { name?: string }; current?: MetricValue };
  object?: { metric?: { name?: string }; current?: MetricValue };
  external?: { metric?: { name?: string }; current?: MetricValue };
}

/** One HPA metric (any of the five autoscaling/v2 source types): its current value against its target, in the target's unit. */
export function metricSample(m: MetricSpec, statuses: MetricStatus[]): HpaSample['metrics'][number] {
  const kind = m.type ?? 'Resource';
  const key = (kind.charAt(0).toLowerCase() + kind.slice(1)) as 'resource' | 'containerResource' | 'pods' | 'object' | 'external';
  const source = m[key];
  const nameOf = (x: { name?: string; metric?: { name?: string } } | undefined): string | undefined => x?.name ?? x?.metric?.name;
  const name = nameOf(source) ?? kind;
  const status = statuses.find((c) => c.type === kind && nameOf(c[key]) === name) ?? statuses.find((c) => nameOf(c[key]) === name);
  const target = source?.target;
  const current = status?.[key]?.current;
  const type = target?.type ?? 'Utilization';
  const pick = (v: MetricTarget | MetricValue | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (type === 'Utilization') return v.averageUtilization;
    const q = type === 'AverageValue' ? v.averageValue : v.value;
    const n = q === undefined ? undefined : parseQuantity(q);
    return n !== undefined && Number.isFinite(n) ? n : undefined;
  };
  return { name, kind, type, current: pick(current), target: pick(target) };
}

/** The metric furthest from its target (the one the HPA's max-of-proposals follows): drives t0 detection. */
export function leadingMetric(metrics: HpaSample['metrics']): HpaSample['metrics'][number] | undefined {
  let best: HpaSample['metrics'][number] | undefined;
  for (const m of metrics) {
    if (m.current === undefined || m.target === undefined || !(m.target > 0)) continue;
    if (!best || m.current / m.target > (best.current ?? 0) / (best.target ?? 1)) best = m;
  }
  return best;
}
