import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { readResultsFiles, type ResultsFiles } from '../report';

/** Bad compare input (a missing directory, too few runs, a bad rule): exit 2, one line. */
export class CompareInputError extends Error {
  override name = 'CompareInputError';
}

export interface LoadedRun extends ResultsFiles {
  label: string;
  baseline: boolean;
}

/**
 * Reads each results directory (summary.json required; timeseries.csv for the charts). The
 * baseline is `--baseline DIR`, else the first directory; a directory named twice counts once.
 */
export async function loadRuns(dirs: readonly string[], baselineDir?: string): Promise<LoadedRun[]> {
  const ordered = baselineDir === undefined ? [...dirs] : [baselineDir, ...dirs];
  const seen = new Set<string>();
  const unique = ordered.filter((d) => { const abs = path.resolve(d); if (seen.has(abs)) return false; seen.add(abs); return true; });
  if (unique.length < 2) throw new CompareInputError(`compare needs at least two results directories (got ${unique.length === 0 ? 'none' : `only ${unique[0]}`})`);
  for (const dir of unique) await requireDir(dir);
  const files = await Promise.all(unique.map((dir) => readResultsFiles(dir)));
  const labels = runLabels(unique);
  return files.map((f, i) => ({ ...f, label: labels[i] as string, baseline: i === 0 }));
}

async function requireDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info === undefined) throw new CompareInputError(`${dir}: no such directory`);
  if (!info.isDirectory()) throw new CompareInputError(`${dir}: not a directory (expected a results directory with summary.json)`);
}

/** The directory's own name; where two share it, as many parent folders as make them differ. */
export function runLabels(dirs: readonly string[]): string[] {
  const parts = dirs.map((d) => path.resolve(d).split(path.sep).filter(Boolean));
  const depth = parts.map(() => 1);
  const label = (i: number): string => (parts[i] as string[]).slice(-(depth[i] as number)).join('/') || '/';
  for (let round = 0; round < 64; round++) {
    const labels = parts.map((_, i) => label(i));
    const clashing = labels.map((l, i) => labels.indexOf(l) !== i || labels.lastIndexOf(l) !== i);
    if (!clashing.some(Boolean)) return labels;
    clashing.forEach((c, i) => { if (c && (depth[i] as number) < (parts[i] as string[]).length) depth[i] = (depth[i] as number) + 1; });
  }
  return parts.map((_, i) => label(i));
}
