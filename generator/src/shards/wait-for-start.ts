/**
 * Sleeps until the shared start; a SIGINT/SIGTERM meanwhile ends the wait early with
 * `false` (the run is then not started: nothing was sent).
 */
export function waitForStart(waitMs: number): Promise<boolean> {
  if (waitMs <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onSignal = (): void => finish(false);
    const timer = setTimeout(() => finish(true), waitMs);
    function finish(started: boolean): void {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(started);
    }
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
