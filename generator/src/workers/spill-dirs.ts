import { readdir } from 'node:fs/promises';
import * as path from 'node:path';

/** Each worker thread spills into its own `<spill>/worker-<index>` (sequence numbers are per writer). */
export const workerSpillDir = (spillDir: string, workerIndex: number): string => path.join(spillDir, `worker-${workerIndex}`);

/** A run's spill directory and its workers' subdirectories, the run's own first. */
export async function spillDirsOf(spillDir: string): Promise<string[]> {
  const entries = await readdir(spillDir, { withFileTypes: true });
  const workers = entries.filter((e) => e.isDirectory() && /^worker-\d+$/.test(e.name)).map((e) => path.join(spillDir, e.name)).sort();
  return [spillDir, ...workers];
}
