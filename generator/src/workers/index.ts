/** `--workers N`: the plan split across worker threads, one run, one summary. */
export { WorkerPool, type WorkerPoolOptions } from './worker-pool';
export { defaultWorkers } from './default-workers';
export { spillDirsOf } from './spill-dirs';
