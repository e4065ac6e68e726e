/** What a load tool reported for one run, in the units every row of the bench uses. */
export interface ToolResult {
  /** Completed requests ÷ elapsed seconds. */
  rps: number;
  requests: number;
  durationS: number;
  /** Latency percentiles in ms, when the tool printed them. */
  p50Ms?: number;
  p99Ms?: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
}

const TIME_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** wrk's `1.20ms` / `539.19us` / `5.01s` / `1.00m` → milliseconds. */
export function parseWrkTime(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  const unit = m?.[2] === undefined ? undefined : TIME_UNITS_MS[m[2]];
  if (m?.[1] === undefined || unit === undefined) throw new Error(`wrk: unreadable time "${text}"`);
  return Number(m[1]) * unit;
}

/** Parses wrk's text report (run with `--latency` to get percentiles). */
export function parseWrkOutput(text: string): ToolResult {
  const total = /(\d+) requests in ([\d.]+(?:us|ms|s|m|h)),/.exec(text);
  const rate = /Requests\/sec:\s+([\d.]+)/.exec(text);
  if (total?.[1] === undefined || total[2] === undefined || rate?.[1] === undefined) {
    throw new Error(`wrk: no "N requests in T" / "Requests/sec" line in its output:\n${text.slice(0, 500)}`);
  }
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const errors = sock === null ? 0 : sock.slice(1).reduce((sum, n) => sum + Number(n), 0);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const pct = (p: string): number | undefined => {
    const m = new RegExp(`^\\s*${p}%\\s+(\\S+)\\s*$`, 'm').exec(text);
    return m?.[1] === undefined ? undefined : parseWrkTime(m[1]);
  };
  return {
    rps: Number(rate[1]),
    requests: Number(total[1]),
    durationS: parseWrkTime(total[2]) / 1000,
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    errors,
    non2xx,
  };
}

interface AutocannonJson {
  duration?: unknown;
  errors?: unknown;
  non2xx?: unknown;
  requests?: { total?: unknown; average?: unknown };
  latency?: { p50?: unknown; p99?: unknown };
}

/** Parses `autocannon --json` output (its stdout; progress goes to stderr). */
export function parseAutocannonJson(text: string): ToolResult {
  let json: AutocannonJson;
  try {
    json = JSON.parse(text.trim().split('\n').filter((l) => l.startsWith('{')).pop() ?? '') as AutocannonJson;
  } catch {
    throw new Error(`autocannon: output is not JSON:\n${text.slice(0, 500)}`);
  }
  const total = json.requests?.total;
  const duration = json.duration;
  if (typeof total !== 'number' || typeof duration !== 'number' || duration <= 0) {
    throw new Error('autocannon: JSON has no requests.total / duration');
  }
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  const opt = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    rps: Math.round((total / duration) * 100) / 100,
    requests: total,
    durationS: duration,
    p50Ms: opt(json.latency?.p50),
    p99Ms: opt(json.latency?.p99),
    // autocannon's `errors` already includes its `timeouts`
    errors: num(json.errors),
    non2xx: num(json.non2xx),
  };
}
