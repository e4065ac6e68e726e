import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { request } from 'undici';
import type { DemoTargetSettings, DemoTargetStats } from './demo-target';

export interface DemoTargetProcess {
  url: string;
  pid: number;
  /** Changes settings in the child (IPC), e.g. the ready pods and so the capacity. */
  setOptions(settings: Partial<DemoTargetSettings>): void;
  /** The child's /stats. */
  stats(): Promise<DemoTargetStats>;
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  close(): Promise<void>;
}

const BIN = path.join(__dirname, '..', '..', 'bin', 'scaletrace.js');
const START_TIMEOUT_MS = 15_000;

/**
 * Starts `scaletrace demo-target` as a child process, so its CPU work runs on its own thread
 * like a real service instead of stalling the generator's event loop (which would show up as
 * schedule lag and inflated latency). Resolves once it listens.
 */
export function spawnDemoTarget(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<DemoTargetProcess> {
  const child = spawn(process.execPath, [BIN, 'demo-target', '--port', '0', ...args], {
    // The IPC channel lets the child exit when this process dies, even by SIGKILL.
    env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const stdout = child.stdout as Readable;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<DemoTargetProcess>((resolve, reject) => {
    let seen = '';
    const fail = (why: string): void => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`demo target: ${why}`)); };
    const timer = setTimeout(() => fail(`not listening after ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const earlyExit = (code: number | null): void => fail(`exited with code ${code} before listening`);
    child.once('exit', earlyExit);
    child.once('error', (err) => fail(err.message));
    stdout.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', earlyExit);
      child.channel?.unref();
      stdout.removeAllListeners('data');
      stdout.resume();
      resolve({
        url: match[1] as string,
        pid: child.pid as number,
        setOptions(settings) {
          if (child.connected) child.send({ type: 'setOptions', settings });
        },
        async stats() {
          const res = await request(`${match[1] as string}/stats`);
          return await res.body.json() as DemoTargetStats;
        },
        async close() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
