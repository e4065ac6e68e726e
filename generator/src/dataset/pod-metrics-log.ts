import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { PodMetricsSample } from '../kube';

export const POD_METRICS_FILE = 'pod-metrics.csv';
export const POD_METRICS_HEADER = 'time,pod,cpu_cores,memory_bytes';

/** Every metrics.k8s.io sample the watcher took (what `kubectl top pods` shows), for `scaletrace dataset`. */
export class PodMetricsLog {
  private readonly lines: string[] = [];

  record(s: PodMetricsSample): void {
    this.lines.push(`${new Date(s.at).toISOString()},${s.pod},${s.cpuCores},${s.memoryBytes}`);
  }

  get size(): number {
    return this.lines.length;
  }

  async write(dir: string): Promise<string> {
    const file = path.join(dir, POD_METRICS_FILE);
    await writeFile(file, `${[POD_METRICS_HEADER, ...this.lines].join('\n')}\n`);
    return file;
  }
}
