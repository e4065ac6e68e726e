import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { spawnTracked, waitForExit } from './child-processes';
import { pinnedCommand, type CpuLayout } from './cpu-pinning';
import { freePort } from './free-port';

export interface NginxTarget {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** One worker, no access log, a constant 200 "ok": the cheapest target nginx can be. */
export function nginxConf(dir: string, port: number): string {
  return `worker_processes 1;
master_process off;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:${port} reuseport;
    location / { default_type text/plain; return 200 "ok"; }
  }
}
`;
}

/** Starts nginx (pinned to the target core) from a conf in `dir` and waits until it answers. */
export async function startNginxTarget(dir: string, layout: CpuLayout): Promise<NginxTarget> {
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConf(dir, port));
  const [cmd, args] = pinnedCommand(layout, layout.targetCpu, 'nginx', ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')]);
  const child = spawnTracked(cmd, args);
  const exited = waitForExit(child, 24 * 3600_000);
  const url = `http://127.0.0.1:${port}`;
  const early = await Promise.race([waitUntilServing(url, 5000), exited.then((f) => f)]);
  if (early !== true) {
    child.kill('SIGKILL');
    const f = early === false ? await exited : early;
    throw new Error(`nginx did not start on ${url}: ${f.stderr.trim() || readTail(path.join(dir, 'error.log'))}`);
  }
  return {
    url,
    pid: child.pid ?? 0,
    async stop() {
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitUntilServing(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await answers200(url)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function answers200(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false }, (res) => { res.resume(); resolve(res.statusCode === 200); });
    req.on('error', () => resolve(false));
    req.setTimeout(1000, () => { req.destroy(); resolve(false); });
  });
}

function readTail(file: string): string {
  try { return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-3).join(' | '); } catch { return 'no error log'; }
}
