/**
 * Grafana's `$__rate_interval` for a Prometheus panel, as Grafana documents it: max($__interval +
 * scrape interval, 4 × scrape interval), where the scrape interval is the data source's
 * `timeInterval` (15s when unset) and `$__interval` is the panel's step.
 */
export function grafanaRateInterval(stepS: number, scrapeInterval: string): string {
  const scrapeS = seconds(scrapeInterval);
  return `${Math.max(stepS + scrapeS, 4 * scrapeS)}s`;
}

function seconds(duration: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(duration);
  if (!m) throw new Error(`not a Grafana interval: ${duration}`);
  const factor = { ms: 0.001, s: 1, m: 60, h: 3600 }[m[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(m[1]) * factor;
}
