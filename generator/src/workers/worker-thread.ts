/** Entry point of a worker thread (started by WorkerPool from dist/workers/worker-thread.js). */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, WorkerSetup } from './messages';
import { runWorker } from './run-worker';

const port = parentPort;
if (port !== null) {
  runWorker(workerData as WorkerSetup, port).catch((error: unknown) => {
    port.postMessage({ type: 'failed', message: error instanceof Error ? error.message : String(error) } satisfies FromWorker);
  });
}
