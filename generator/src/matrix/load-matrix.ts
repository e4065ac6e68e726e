import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  issueToError, loadScenario, parseDuration, parseDurationRange, pickIssue, ScenarioError, SCENARIO_DEFAULTS, YamlSource,
  type LoadSpec, type Scenario,
} from '../scenario';
import { matrixKeys, matrixSchema, type RawMatrix } from './matrix-schema';
import type { MatrixCell, MatrixPlan, RequestMix } from './types';

export const MATRIX_DEFAULTS = { cooldownMs: 10_000, settleMs: 0, readyTimeoutMs: 120_000 } as const;

/**
 * Read and validate a matrix file and the scenario it names (relative to the matrix file). Errors
 * are ScenarioErrors (file:line:col: field.path: reason → exit 2), from either file.
 */
/** `opts.target` (the `--target` flag) replaces the file's `target` and the scenario's, as `run --target`. */
export function loadMatrix(file: string, opts: { target?: string } = {}): MatrixPlan {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(file, '', `cannot read the matrix file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseMatrix(text, path.resolve(file), opts);
}

export function parseMatrix(text: string, file: string, opts: { target?: string } = {}): MatrixPlan {
  const source = YamlSource.parse(text, file);
  const raw = source.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw source.error([], 'a matrix file is a YAML mapping with name, scenario, kubernetes, replicas, load and duration');
  }
  const parsed = matrixSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw issueToError(source, pickIssue(parsed.error.issues), undefined, matrixKeys);
  const m: RawMatrix = parsed.data;
  const scenarioFile = path.resolve(path.dirname(file), m.scenario);
  let base: Scenario;
  try {
    base = loadScenario(scenarioFile, { target: opts.target ?? m.target });
  } catch (error) {
    // A missing file is the matrix's mistake; anything inside the scenario is reported at its own line.
    if (error instanceof ScenarioError && error.path === '' && error.line === undefined) throw source.error(['scenario'], error.reason);
    throw error;
  }
  if (m.load.model === 'closed') {
    m.load.levels.forEach((v, i) => { if (!Number.isInteger(v)) throw source.error(['load', 'levels', i], `a closed-model level is a whole number of VUs (got ${v})`); });
    if (m.load.maxInFlight !== undefined) throw source.error(['load'], 'unknown field (maxInFlight belongs to model: open)', 'maxInFlight');
  } else if (m.load.thinkTime !== undefined) {
    throw source.error(['load'], 'unknown field (thinkTime belongs to model: closed)', 'thinkTime');
  }
  duplicates(m.replicas, (i) => { throw source.error(['replicas', i], `replica count ${m.replicas[i]} is listed twice`); });
  duplicates(m.load.levels, (i) => { throw source.error(['load', 'levels', i], `load level ${m.load.levels[i]} is listed twice`); });
  const mixes = (m.mixes ?? []).map((mix, i): RequestMix => {
    const names = new Set(base.requests.map((r) => r.name));
    for (const name of Object.keys(mix.weights)) {
      if (!names.has(name)) throw source.error(['mixes', i, 'weights'], `"${name}" is not a request of ${path.basename(scenarioFile)} (requests: ${[...names].join(', ')})`, name);
    }
    if (!Object.values(mix.weights).some((w) => w > 0)) throw source.error(['mixes', i, 'weights'], 'at least one request needs a weight > 0');
    return { name: mix.name, weights: mix.weights };
  });
  duplicates(mixes.map((x) => x.name), (i) => { throw source.error(['mixes', i, 'name'], `mix "${mixes[i]?.name}" is listed twice`); });
  return {
    name: m.name, file, base, kubernetes: m.kubernetes,
    replicas: m.replicas, model: m.load.model, levels: m.load.levels, mixes,
    durationMs: parseDuration(m.duration),
    cooldownMs: m.cooldown === undefined ? MATRIX_DEFAULTS.cooldownMs : parseDuration(m.cooldown),
    settleMs: m.settle === undefined ? MATRIX_DEFAULTS.settleMs : parseDuration(m.settle),
    readyTimeoutMs: m.readyTimeout === undefined ? MATRIX_DEFAULTS.readyTimeoutMs : parseDuration(m.readyTimeout),
    ...(m.load.maxInFlight !== undefined ? { maxInFlight: m.load.maxInFlight } : {}),
    ...(m.load.thinkTime !== undefined ? { thinkTime: parseDurationRange(m.load.thinkTime) } : {}),
  };
}

/** The Cartesian product replicas × mixes × levels, replicas outermost. */
export function matrixCells(plan: MatrixPlan): MatrixCell[] {
  const cells: MatrixCell[] = [];
  const mixes: Array<RequestMix | undefined> = plan.mixes.length > 0 ? plan.mixes : [undefined];
  for (const replicas of plan.replicas) {
    for (const mix of mixes) {
      for (const level of plan.levels) {
        cells.push({ index: cells.length, replicas, level, mix: mix?.name, scenario: cellScenario(plan, replicas, level, mix) });
      }
    }
  }
  return cells;
}

/** The base scenario with one flat stage at the cell's level and the mix's weights (0 = not sent). */
export function cellScenario(plan: MatrixPlan, replicas: number, level: number, mix?: RequestMix): Scenario {
  const { base } = plan;
  let load: LoadSpec;
  if (plan.model === 'open') {
    const inherited = base.load.model === 'open' ? base.load.maxInFlight : SCENARIO_DEFAULTS.maxInFlight;
    load = { model: 'open', stages: [{ durationMs: plan.durationMs, rate: level }], maxInFlight: plan.maxInFlight ?? inherited };
  } else {
    const thinkTime = plan.thinkTime ?? (base.load.model === 'closed' ? base.load.thinkTime : undefined);
    load = { model: 'closed', stages: [{ durationMs: plan.durationMs, vus: level }], ...(thinkTime ? { thinkTime } : {}) };
  }
  const requests = mix === undefined ? base.requests
    : base.requests.filter((r) => (mix.weights[r.name] ?? 0) > 0).map((r) => ({ ...r, weight: mix.weights[r.name] as number }));
  return {
    ...base,
    name: `${plan.name} r${replicas} ${plan.model === 'open' ? `${level}/s` : `${level}vu`}${mix ? ` ${mix.name}` : ''}`,
    load, requests,
    // The matrix pins the replicas itself: no watcher, no faults, no preset report inside a cell.
    kubernetes: undefined, faults: undefined, preset: undefined,
  };
}

function duplicates<T>(values: readonly T[], onDuplicate: (index: number) => void): void {
  const seen = new Set<T>();
  values.forEach((v, i) => { if (seen.has(v)) onDuplicate(i); seen.add(v); });
}
