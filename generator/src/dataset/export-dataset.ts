import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { makeOutDir } from '../results';
import { analyzeReplicas, type ReplicaAnalysis } from './replica-analysis';
import { readRun } from './read-run';
import { stepTable, tableCsv } from './step-table';

export const DEFAULT_STEP_MS = 15_000;

export interface DatasetExport {
  runId: string;
  dir: string;
  csv: string;
  analysisFile: string;
  rows: number;
  analysis: ReplicaAnalysis[];
}

/**
 * `scaletrace dataset DIR`: writes DIR/dataset.csv (or OUT/<run-id>.csv) and the analysis beside
 * it (dataset-analysis.md and .json); returns what it wrote and the analysis for the console.
 */
export async function exportDataset(dir: string, opts: { stepMs?: number; outDir?: string } = {}): Promise<DatasetExport> {
  const run = readRun(dir);
  const stepMs = opts.stepMs ?? DEFAULT_STEP_MS;
  const table = stepTable(run, stepMs);
  const startMs = Date.parse(run.summary.run.startedAt);
  const endMs = Date.parse(run.summary.run.endedAt);
  const analysis = (run.summary.scaling?.hpas ?? []).map((h) =>
    analyzeReplicas(h.name, h.timeline.map((t) => ({ at: Date.parse(t.at), current: t.current })), startMs, endMs));
  const runId = run.summary.run.id;
  const base = opts.outDir === undefined ? path.join(dir, 'dataset') : path.join(opts.outDir, runId);
  if (opts.outDir !== undefined) await makeOutDir(opts.outDir);
  const csv = `${base}.csv`;
  const analysisFile = `${base}-analysis.md`;
  await writeFile(csv, tableCsv(table));
  await writeFile(analysisFile, analysisMarkdown(runId, stepMs, table.rows.length, analysis));
  await writeFile(`${base}-analysis.json`, `${JSON.stringify({ runId, stepS: stepMs / 1000, rows: table.rows.length, hpas: analysis }, null, 2)}\n`);
  return { runId, dir, csv, analysisFile, rows: table.rows.length, analysis };
}

/** The console lines for one run (the Markdown file says the same with tables). */
export function analysisLines(e: DatasetExport): string[] {
  const out = [`${e.runId}: ${e.rows} rows → ${e.csv}`];
  if (e.analysis.length === 0) out.push('  no HPA in this run (no kubernetes: section): no replica analysis');
  for (const a of e.analysis) {
    const at = a.timeAtReplicas.map((t) => `${t.replicas}: ${t.seconds.toFixed(0)} s (${(t.share * 100).toFixed(0)} %)`).join(', ');
    out.push(`  hpa/${a.hpa}: time at replicas ${at || 'none observed'}`);
    out.push(`  hpa/${a.hpa}: ${a.scalingEvents.total} scaling events (${a.scalingEvents.up} up, ${a.scalingEvents.down} down); ` +
      `imbalance ${a.imbalanceRatio === null ? 'n/a (one replica count)' : `${a.imbalanceRatio.toFixed(2)}x`}${a.neverAt.length ? `; never at ${a.neverAt.join(', ')}` : ''}`);
  }
  return out;
}

function analysisMarkdown(runId: string, stepMs: number, rows: number, analysis: readonly ReplicaAnalysis[]): string {
  const out = [`# Dataset: ${runId}`, '', `${rows} rows, one per ${stepMs / 1000} s step and request name (\`*\` = all requests).`, ''];
  if (analysis.length === 0) out.push('No HPA was watched in this run (no `kubernetes:` section): no replica analysis.', '');
  for (const a of analysis) {
    out.push(`## hpa/${a.hpa}`, '',
      `- Observed ${a.observedS.toFixed(0)} s; ${a.scalingEvents.total} scaling events (${a.scalingEvents.up} up, ${a.scalingEvents.down} down).`,
      `- Imbalance (most ÷ least represented replica count): ${a.imbalanceRatio === null ? 'n/a (a single replica count)' : `**${a.imbalanceRatio.toFixed(2)}x**`}${a.neverAt.length ? `; never at ${a.neverAt.join(', ')} replicas` : ''}.`,
      '', '| Replicas | Seconds | Share |', '|---:|---:|---:|',
      ...a.timeAtReplicas.map((t) => `| ${t.replicas} | ${t.seconds.toFixed(1)} | ${(t.share * 100).toFixed(1)} % |`), '');
  }
  return `${out.join('\n')}\n`;
}
