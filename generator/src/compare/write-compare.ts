import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { makeOutDir } from '../results';
import { compareMarkdown } from './compare-markdown';
import { comparePage } from './compare-page';
import type { LoadedRun } from './load-runs';
import type { Comparison } from './types';

export const COMPARE_FILES = ['compare.html', 'compare.md', 'compare.json'] as const;

/** Writes compare.html, compare.md and compare.json into `dir`; returns their paths. */
export async function writeComparison(dir: string, c: Comparison, runs: readonly LoadedRun[], opts: { generator?: string } = {}): Promise<string[]> {
  await makeOutDir(dir);
  const texts: Record<(typeof COMPARE_FILES)[number], string> = {
    'compare.html': comparePage(c, runs.map((r) => r.rows), opts),
    'compare.md': compareMarkdown(c),
    'compare.json': `${JSON.stringify(c, null, 2)}\n`,
  };
  return Promise.all(COMPARE_FILES.map(async (name) => {
    const file = path.join(dir, name);
    await writeFile(file, texts[name], 'utf8');
    return file;
  }));
}
