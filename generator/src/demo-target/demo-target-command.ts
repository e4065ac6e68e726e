import { InvalidArgumentError, type Command } from 'commander';
import { parseDuration } from '../scenario';
import { UsageError } from '../cli/exit-codes';
import { ListenError, startDemoTarget } from './demo-target';

interface DemoTargetFlags {
  host: string;
  port: number;
  instance?: string;
  instanceHeader: string;
  cpuCost: number;
  concurrency: number;
  queue: number;
  errorRate: number;
  latency: number;
  cpuLimit: number;
  pods?: string[];
}

/** `scaletrace demo-target`: run the demo service standalone (a container in k8s/, or a local target). */
export function demoTargetCommand(program: Command): void {
  program
    .command('demo-target')
    .description('run the demo inference-like HTTP service (/predict, /generate, /health, /stats) until Ctrl-C')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0 = any free port)', integerAtLeast(0), 8080)
    .option('--instance <name>', 'instance name for the response header and /stats (default: $HOSTNAME)')
    .option('--instance-header <name>', 'response header naming the instance', 'x-scaletrace-instance')
    .option('--cpu-cost <duration>', 'CPU time one /predict costs, e.g. 5ms', durationMs, 5)
    .option('--concurrency <n>', '/predict requests computing at once', integerAtLeast(1), 4)
    .option('--queue <n>', '/predict requests waiting beyond that before 503', integerAtLeast(0), 64)
    .option('--error-rate <ratio>', 'fraction of /predict answered 500, 0..1 or a percentage like 2%', ratio, 0)
    .option('--latency <duration>', 'extra non-CPU latency per /predict, e.g. 20ms', durationMs, 0)
    .option('--cpu-limit <millicores>', 'CPU limit per pod like a Kubernetes limit, e.g. 200m or 0.5 (default: none)', millicores, 0)
    .option('--pods <names>', 'comma-separated pod names this process stands for (the instance header rotates over them)', (v: string) => v.split(',').map((p) => p.trim()).filter(Boolean))
    .action(async (flags: DemoTargetFlags) => {
      const target = await startDemoTarget({
        host: flags.host, port: flags.port, instance: flags.instance, instanceHeader: flags.instanceHeader,
        cpuCostMs: flags.cpuCost, concurrency: flags.concurrency, queueSize: flags.queue,
        errorRate: flags.errorRate, extraLatencyMs: flags.latency, cpuLimitMillis: flags.cpuLimit, pods: flags.pods,
      }).catch((error: unknown) => {
        // A busy or forbidden port is the user's to change: one line, exit 2.
        throw error instanceof ListenError ? new UsageError(error.message) : error;
      });
      // The parent (spawnDemoTarget) changes settings over IPC: the demo's simulated pods come and go.
      process.on('message', (m: { type?: string; settings?: Record<string, unknown> }) => {
        if (m?.type !== 'setOptions' || !m.settings) return;
        try {
          target.setOptions(m.settings);
        } catch (error) {
          process.stderr.write(`demo target: ${(error as Error).message}\n`);
        }
      });
      // Scripts and tests read this first line to learn the URL (--port 0).
      process.stdout.write(`demo target ${target.instance} listening on ${target.url}` +
        `${target.tracing ? ' (server spans → OTLP)' : ''}\n`);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
        // Started by `scaletrace demo` (spawnDemoTarget): end with the parent, however it ends.
        if (process.channel) {
          process.channel.unref();
          process.once('disconnect', resolve);
        }
      });
      await target.close();
    });
}

function durationMs(value: string): number {
  try {
    return parseDuration(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
}

function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    return n;
  };
}

function millicores(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected millicores like 200m or cores like 0.5');
  return m[2] === 'm' ? Number(m[1]) : Number(m[1]) * 1000;
}

function ratio(value: string): number {
  const n = value.endsWith('%') ? Number(value.slice(0, -1)) / 100 : Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected 0..1 or 0%..100%');
  return n;
}
