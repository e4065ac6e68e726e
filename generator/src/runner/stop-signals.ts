/**
 * Ctrl-C / SIGTERM handling for a run: the first signal asks for a graceful stop
 * (stop sending, wait for in-flight, flush, write partial results); a second one
 * asks to stop waiting. Handlers are removed when the run ends.
 */
export class StopSignals {
  private count = 0;
  private readonly handler = (signal: NodeJS.Signals): void => this.onSignal(signal);

  constructor(
    private readonly onGraceful: (signal: NodeJS.Signals) => void,
    private readonly onForce: () => void,
  ) {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
  }

  get received(): boolean {
    return this.count > 0;
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }

  private onSignal(signal: NodeJS.Signals): void {
    this.count += 1;
    if (this.count === 1) this.onGraceful(signal);
    else this.onForce();
  }
}
