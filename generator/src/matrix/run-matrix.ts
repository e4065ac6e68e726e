import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { WorkloadControl } from '../kube';
import { makeOutDir } from '../results';
import { runScenario, StopSignals, type RunOutcome } from '../runner';
import { matrixCsv } from './matrix-csv';
import { matrixFindings } from './matrix-findings';
import { matrixMarkdown } from './matrix-markdown';
import { matrixCells } from './load-matrix';
import { ReplicaPin, sleep } from './replica-pin';
import type { CellResult, CellStatus, MatrixCell, MatrixPlan } from './types';

export interface MatrixRunOptions {
  plan: MatrixPlan;
  outDir: string;
  /** Progress lines and the findings. */
  out?: NodeJS.WritableStream;
  env?: NodeJS.ProcessEnv;
}

export interface MatrixOutcome {
  results: CellResult[];
  files: string[];
  interrupted: boolean;
  restored: string;
}

/**
 * `scaletrace matrix`: every cell of replicas × load levels × mixes in turn — pin the replicas (and
 * the HPA), wait for them Ready, run the cell's load, cool down, record — then restore the
 * Deployment and HPA as found, on success, failure and Ctrl-C alike. matrix.csv is rewritten after
 * every cell so a crash leaves what was measured.
 */
export async function runMatrix(opts: MatrixRunOptions): Promise<MatrixOutcome> {
  const { plan } = opts;
  const out = opts.out ?? process.stdout;
  const outDir = path.resolve(opts.outDir);
  await makeOutDir(outDir);
  const control = await WorkloadControl.connect(plan.kubernetes);
  const pin = await ReplicaPin.start(control, plan.kubernetes, path.join(outDir, 'restore.json'));
  const { original } = pin;
  out.write(`matrix ${plan.name}: deployment/${original.deployment} in "${original.namespace}" has ${original.replicas} replicas` +
    `${original.hpa ? `, hpa/${original.hpa.name} min ${original.hpa.minReplicas} max ${original.hpa.maxReplicas}` : ''}; restored at the end\n`);

  const stop = new AbortController();
  const signals = new StopSignals(() => stop.abort(), () => stop.abort());
  const cells = matrixCells(plan);
  const results: CellResult[] = [];
  const startedAt = new Date().toISOString();
  let failure: unknown;
  let restored = '';
  try {
    let pinned: number | undefined;
    let notReady: string | undefined;
    for (const cell of cells) {
      if (stop.signal.aborted) break;
      const label = `cell ${cell.index + 1}/${cells.length}: ${cellLabel(plan, cell)}`;
      if (cell.replicas !== pinned) {
        out.write(`${label}: pinning ${cell.replicas} replicas…\n`);
        const outcome = await pin.pin(cell.replicas, plan.readyTimeoutMs, stop.signal);
        pinned = cell.replicas;
        notReady = outcome.ready ? undefined : outcome.detail;
        if (outcome.ready) out.write(`${label}: ${cell.replicas} replicas Ready after ${(outcome.waitedMs / 1000).toFixed(1)} s\n`);
        if (outcome.ready && plan.settleMs > 0) await sleep(plan.settleMs, stop.signal);
      }
      if (stop.signal.aborted) break;
      if (notReady !== undefined) {
        results.push(skipped(cell, 'NOT_READY', notReady));
        out.write(`${label}: NOT_READY (${notReady})\n`);
      } else {
        const dir = path.join(outDir, 'cells', cellDirName(plan, cell));
        const run = await runScenario({ scenario: cell.scenario, outDir: dir, quiet: true, env: opts.env });
        const result = fromRun(cell, run);
        results.push(result);
        out.write(`${label}: ${result.rps.toFixed(1)} rps, p95 ${result.p95Ms.toFixed(1)} ms, ${result.failuresPct.toFixed(2)} % failures (${result.status})\n`);
        if (result.status === 'INTERRUPTED') break;
      }
      await writeFile(path.join(outDir, 'matrix.csv'), matrixCsv(results));
      if (cell.index < cells.length - 1 && plan.cooldownMs > 0) await sleep(plan.cooldownMs, stop.signal);
    }
  } catch (error) {
    failure = error;
  } finally {
    try {
      restored = await pin.restore();
    } catch (error) {
      restored = (error as Error).message;
      failure ??= error;
    }
    out.write(`${restored}\n`);
  }
  signals.dispose();
  const interrupted = stop.signal.aborted;
  const files = await writeReports(outDir, results, plan, { startedAt, endedAt: new Date().toISOString(), interrupted, restored });
  if (failure !== undefined) throw failure;
  return { results, files, interrupted, restored };
}

async function writeReports(outDir: string, results: CellResult[], plan: MatrixPlan, meta: { startedAt: string; endedAt: string; interrupted: boolean; restored: string }): Promise<string[]> {
  const findings = matrixFindings(results);
  const files: Array<[string, string]> = [
    ['matrix.csv', matrixCsv(results)],
    ['matrix.md', matrixMarkdown(results, findings, { plan, ...meta })],
    ['matrix.json', `${JSON.stringify({ name: plan.name, model: plan.model, ...meta, cells: results, findings }, null, 2)}\n`],
  ];
  return Promise.all(files.map(async ([name, text]) => {
    const file = path.join(outDir, name);
    await writeFile(file, text);
    return file;
  }));
}

const STATUS: Record<RunOutcome['summary']['run']['status'], CellStatus> = {
  passed: 'SUCCESS', failed: 'FAILED', aborted: 'ABORTED', interrupted: 'INTERRUPTED',
};

function fromRun(cell: MatrixCell, run: RunOutcome): CellResult {
  const { summary } = run;
  return {
    replicas: cell.replicas, level: cell.level, ...(cell.mix !== undefined ? { mix: cell.mix } : {}),
    rps: summary.rps, medianMs: summary.latency.p50, p95Ms: summary.latency.p95, p99Ms: summary.latency.p99,
    failuresPct: Math.round(summary.totals.errorRate * 10_000) / 100,
    totalRequests: summary.totals.requests, durationS: summary.run.durationS,
    timestamp: isoSeconds(summary.run.startedAt), status: STATUS[summary.run.status], resultsDir: run.outDir,
  };
}

function skipped(cell: MatrixCell, status: CellStatus, detail: string): CellResult {
  return {
    replicas: cell.replicas, level: cell.level, ...(cell.mix !== undefined ? { mix: cell.mix } : {}),
    rps: 0, medianMs: 0, p95Ms: 0, p99Ms: 0, failuresPct: 0, totalRequests: 0, durationS: 0,
    timestamp: isoSeconds(new Date().toISOString()), status, detail,
  };
}

function cellLabel(plan: MatrixPlan, cell: MatrixCell): string {
  return `${cell.replicas} replica${cell.replicas === 1 ? '' : 's'} × ${cell.level} ${plan.model === 'open' ? 'req/s' : 'VUs'}${cell.mix ? ` (${cell.mix})` : ''}`;
}

function cellDirName(plan: MatrixPlan, cell: MatrixCell): string {
  return `${String(cell.index + 1).padStart(2, '0')}-r${cell.replicas}-${cell.level}${plan.model === 'open' ? 'rps' : 'vu'}${cell.mix ? `-${cell.mix}` : ''}`;
}

function isoSeconds(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}
