import { mkdir, stat } from 'node:fs/promises';
import * as path from 'node:path';

/** The results folder cannot be created; the message names the path component at fault (exit 2). */
export class OutDirError extends Error {
  override name = 'OutDirError';
}

/** Creates a results folder and its parents, or says in one line why it cannot. */
export async function makeOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR' || code === 'EEXIST') {
      const file = await firstNonFolder(dir);
      if (file !== undefined) throw new OutDirError(`results folder ${dir}: ${file} is a file, not a folder (choose another --out)`);
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new OutDirError(`results folder ${dir}: cannot create it (${code === 'EROFS' ? 'read-only file system' : 'permission denied'}; choose another --out)`);
    }
    throw error;
  }
}

/** The first existing component of `dir`, from the root down, that is not a folder. */
async function firstNonFolder(dir: string): Promise<string | undefined> {
  const absolute = path.resolve(dir);
  const parts = absolute.split(path.sep).filter(Boolean);
  let current = path.parse(absolute).root;
  for (const part of parts) {
    current = path.join(current, part);
    const info = await stat(current).catch(() => undefined);
    if (info === undefined) return undefined;
    // Named the way the user wrote the path: absolute, or relative to the working directory.
    if (!info.isDirectory()) return path.isAbsolute(dir) ? current : path.relative(process.cwd(), current);
  }
  return undefined;
}
