/** What a load tool reported for one run, in the units every row of the bench uses. */
export interface ToolResult {
  /** Completed requests ÷ elapsed seconds. */
  rps: number;
  requests: number;
  durationS: number;
  /** Latency percentiles in ms, when the tool printed them. */
  p50Ms?: number;
  p99Ms?: number;
  /** Every latency percentile the tool printed, in ms, keyed `p50`, `p90`, `p97.5`… */
  percentilesMs?: Record<string, number>;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  /** The tool's peak resident set in MB (VmHWM), set by the runner, not the parser. */
  rssPeakMb?: number;
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
  const percentilesMs: Record<string, number> = {};
  for (const p of ['50', '75', '90', '99']) {
    const ms = pct(p);
    // 174.00us × 0.001 is 0.17400000000000002: keep wrk's own µs resolution
    if (ms !== undefined) percentilesMs[`p${p}`] = round3(ms);
  }
  return {
    rps: Number(rate[1]),
    requests: Number(total[1]),
    durationS: parseWrkTime(total[2]) / 1000,
    p50Ms: pct('50'),
    p99Ms: pct('99'),
    ...(Object.keys(percentilesMs).length > 0 ? { percentilesMs } : {}),
    errors,
    non2xx,
  };
}

interface AutocannonJson {
  duration?: unknown;
  errors?: unknown;
  non2xx?: unknown;
  requests?: { total?: unknown; average?: unknown };
  latency?: Record<string, unknown>;
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
  // autocannon names percentiles p2_5 … p99_999 (ms)
  const percentilesMs: Record<string, number> = {};
  for (const [k, v] of Object.entries(json.latency ?? {})) {
    const m = /^p(\d+)(?:_(\d+))?$/.exec(k);
    if (m?.[1] !== undefined && typeof v === 'number') percentilesMs[`p${m[1]}${m[2] === undefined ? '' : `.${m[2]}`}`] = v;
  }
  return {
    rps: Math.round((total / duration) * 100) / 100,
    requests: total,
    durationS: duration,
    p50Ms: opt(json.latency?.p50),
    p99Ms: opt(json.latency?.p99),
    ...(Object.keys(percentilesMs).length > 0 ? { percentilesMs } : {}),
    // autocannon's `errors` already includes its `timeouts`
    errors: num(json.errors),
    non2xx: num(json.non2xx),
  };
}

interface LocustEntry {
  name?: unknown;
  method?: unknown;
  start_time?: unknown;
  last_request_timestamp?: unknown;
  num_requests?: unknown;
  num_failures?: unknown;
  response_times?: unknown;
}

/**
 * Parses a Locust run: `--json` on stdout (its final stats, one entry per request name) for the
 * counts and latency histogram, and the final "Aggregated" line of the table it prints on stderr
 * for req/s (Locust's own figure; computed from the JSON when that line is absent). Locust's CSV
 * is not used: its last periodic write can precede the end of the run (2.47.0 wrote 20,913 of
 * 28,849 requests), while `--json` is printed once every user has stopped.
 */
export function parseLocustOutput(stdout: string, stderr = ''): ToolResult {
  let entries: LocustEntry[];
  try {
    const start = stdout.indexOf('[');
    entries = JSON.parse(start < 0 ? stdout : stdout.slice(start)) as LocustEntry[];
  } catch {
    throw new Error(`locust: --json output is not JSON:\n${stdout.slice(0, 500)}${stderr.slice(-500)}`);
  }
  if (!Array.isArray(entries) || entries.length === 0) throw new Error(`locust: no request was made:\n${stderr.slice(-500)}`);
  let requests = 0;
  let failures = 0;
  let start = Infinity;
  let last = 0;
  const histogram = new Map<number, number>();
  for (const e of entries) {
    if (typeof e.num_requests !== 'number' || typeof e.start_time !== 'number' || typeof e.last_request_timestamp !== 'number') {
      throw new Error('locust: --json entry without num_requests / start_time / last_request_timestamp');
    }
    requests += e.num_requests;
    failures += typeof e.num_failures === 'number' ? e.num_failures : 0;
    start = Math.min(start, e.start_time);
    last = Math.max(last, e.last_request_timestamp);
    const times = typeof e.response_times === 'object' && e.response_times !== null ? e.response_times as Record<string, unknown> : {};
    for (const [ms, n] of Object.entries(times)) {
      if (typeof n === 'number') histogram.set(Number(ms), (histogram.get(Number(ms)) ?? 0) + n);
    }
  }
  const durationS = last - start;
  const percentilesMs: Record<string, number> = {};
  for (const p of [50, 90, 95, 99, 99.9]) percentilesMs[`p${p}`] = locustPercentile(histogram, requests, p / 100);
  // `Aggregated   17365   0(0.00%) |  0  0  20  0 | 9416.37  0.00`: the last one is the final summary
  const printed = [...stderr.matchAll(/^\s*Aggregated\s+(\d+)\s+\d+\([\d.]+%\)\s+\|[^|]*\|\s+([\d.]+)\s+[\d.]+\s*$/gm)].pop();
  const printedRps = printed?.[1] !== undefined && Number(printed[1]) === requests ? Number(printed[2]) : undefined;
  return {
    // else Locust's total_rps formula: requests ÷ (last request − start)
    rps: printedRps ?? (durationS > 0 ? Math.round((requests / durationS) * 100) / 100 : 0),
    requests,
    durationS: Math.round(durationS * 1000) / 1000,
    p50Ms: percentilesMs.p50,
    p99Ms: percentilesMs.p99,
    percentilesMs,
    // Locust counts connection errors and bad statuses alike as failures
    errors: failures,
    non2xx: 0,
  };
}

/**
 * Locust's calculate_response_time_percentile over its rounded-ms histogram: walk down from the
 * slowest bucket until at most `percent` of the requests are left.
 */
function locustPercentile(histogram: Map<number, number>, total: number, percent: number): number {
  const within = Math.trunc(total * percent);
  let processed = 0;
  for (const ms of [...histogram.keys()].sort((a, b) => b - a)) {
    processed += histogram.get(ms) ?? 0;
    if (total - processed <= within) return ms;
  }
  return 0;
}

interface VegetaJson {
  latencies?: Record<string, unknown>;
  duration?: unknown;
  wait?: unknown;
  requests?: unknown;
  rate?: unknown;
  status_codes?: Record<string, unknown>;
}

/** What `vegeta report -type=json` adds to a ToolResult: the attack's own pace. */
export interface VegetaResult extends ToolResult {
  /** Requests ÷ attack duration (first to last send): the rate Vegeta kept. */
  sendRate: number;
  /** Seconds from the first to the last send. */
  attackS: number;
}

/**
 * Parses `vegeta report -type=json` (latencies in ns). req/s is completed requests ÷ (attack +
 * wait for the last responses), like the other tools; `sendRate` is Vegeta's own `rate`.
 */
export function parseVegetaJson(text: string): VegetaResult {
  let json: VegetaJson;
  try {
    json = JSON.parse(text.trim()) as VegetaJson;
  } catch {
    throw new Error(`vegeta: report is not JSON:\n${text.slice(0, 500)}`);
  }
  const { requests, duration, wait } = json;
  if (typeof requests !== 'number' || typeof duration !== 'number' || typeof wait !== 'number') {
    throw new Error('vegeta: JSON report has no requests / duration / wait');
  }
  const elapsedS = (duration + wait) / 1e9;
  const percentilesMs: Record<string, number> = {};
  for (const [k, v] of Object.entries(json.latencies ?? {})) {
    const m = /^(\d+)th$/.exec(k);
    if (m?.[1] !== undefined && typeof v === 'number') percentilesMs[`p${m[1]}`] = round3(v / 1e6);
  }
  let errors = 0;
  let non2xx = 0;
  for (const [code, n] of Object.entries(json.status_codes ?? {})) {
    if (typeof n !== 'number') continue;
    // status 0: no response (connection refused, reset, timeout)
    if (code === '0') errors += n;
    else if (Number(code) >= 400) non2xx += n;
  }
  return {
    rps: elapsedS > 0 ? Math.round((requests / elapsedS) * 100) / 100 : 0,
    requests,
    durationS: round3(elapsedS),
    p50Ms: percentilesMs.p50,
    p99Ms: percentilesMs.p99,
    percentilesMs,
    errors,
    non2xx,
    sendRate: typeof json.rate === 'number' ? Math.round(json.rate * 100) / 100 : 0,
    attackS: round3(duration / 1e9),
  };
}

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
