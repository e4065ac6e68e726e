import { InvalidArgumentError } from 'commander';

/** commander reducer for repeatable options (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** `--workers N`: a whole number ≥ 1. */
export function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`--workers ${JSON.stringify(value)}: expected a whole number ≥ 1`);
  return n;
}
