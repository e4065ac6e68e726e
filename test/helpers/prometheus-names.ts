/**
 * The name a metric gets in Prometheus through the collector's `prometheusremotewrite` exporter
 * (default settings: suffixes on, legacy character set), following the OpenTelemetry →
 * Prometheus compatibility rules that exporter applies (prometheus/otlptranslator):
 * - the name's runs of characters other than [A-Za-z0-9:] become single `_`;
 * - the unit adds a suffix unless the name already has it: `s` → `seconds`, `By` → `bytes`,
 *   `%` → `percent`, `X/s` → `X_per_second`; an annotation in braces (`{pod}`) adds nothing,
 *   and `1` adds `ratio` to gauges only;
 * - monotonic counters end in `_total` (histograms then get `_bucket`, `_sum`, `_count`).
 */
export type MetricKind = 'histogram' | 'counter' | 'gauge';

const UNITS: Record<string, string> = {
  d: 'days', h: 'hours', min: 'minutes', s: 'seconds', ms: 'milliseconds', us: 'microseconds', ns: 'nanoseconds',
  By: 'bytes', KiBy: 'kibibytes', MiBy: 'mebibytes', GiBy: 'gibibytes', KBy: 'kilobytes', MBy: 'megabytes', GBy: 'gigabytes',
  m: 'meters', V: 'volts', A: 'amperes', J: 'joules', W: 'watts', g: 'grams', Cel: 'celsius', Hz: 'hertz', '1': '', '%': 'percent',
};
const PER_UNITS: Record<string, string> = { s: 'second', m: 'minute', h: 'hour', d: 'day', w: 'week', mo: 'month', y: 'year' };

export function prometheusName(name: string, unit: string | undefined, kind: MetricKind): string {
  const tokens = name.split(/[^A-Za-z0-9:]+/).filter(Boolean);
  const [main = '', per = ''] = (unit ?? '').split('/', 2).map((u) => u.trim());
  const mainSuffix = main && !/[{}]/.test(main) ? clean(UNITS[main] ?? main) : '';
  const perSuffix = per && !/[{}]/.test(per) ? clean(PER_UNITS[per] ?? per) : '';
  if (mainSuffix && !tokens.includes(mainSuffix)) tokens.push(mainSuffix);
  if (perSuffix) tokens.push('per', perSuffix);
  if (kind === 'counter') return [...tokens.filter((t) => t !== 'total'), 'total'].join('_');
  if (unit === '1' && kind === 'gauge') return [...tokens.filter((t) => t !== 'ratio'), 'ratio'].join('_');
  return tokens.join('_');
}

function clean(unit: string): string {
  return unit.split(/[^A-Za-z0-9]+/).filter(Boolean).join('_');
}
