/** A label matcher's value inside double quotes: backslashes and quotes escaped. */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export const eq = (label: string, value: string): string => `${label}=${quote(value)}`;
export const re = (label: string, value: string): string => `${label}=~${quote(value)}`;
export const ne = (label: string, value: string): string => `${label}!=${quote(value)}`;

/** `metric{m1, m2}` (or the bare metric name without matchers). */
export function selector(metric: string, ...matchers: Array<string | undefined>): string {
  const present = matchers.filter((m): m is string => m !== undefined);
  return present.length === 0 ? metric : `${metric}{${present.join(', ')}}`;
}
