/**
 * Polls `check` until it returns a truthy value, and returns that value; after `timeoutMs` throws
 * with `what` and, when given, `detail()` (a process's log, say). Tests wait for conditions, not time.
 */
export async function waitFor<T>(
  what: string, timeoutMs: number, check: () => T | Promise<T>, detail?: () => string,
): Promise<NonNullable<T>> {
  for (const end = Date.now() + timeoutMs; ;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${detail ? `\n${detail()}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
