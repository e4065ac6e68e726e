import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { openFileLimit } from './stream-runs';
import { autocannonVersion } from './tools';

export interface MachineFacts {
  node: string;
  cpuModel: string;
  nproc: number;
  os: string;
  loadAvg1m: number;
  nginx?: string;
  wrk?: string;
  autocannon: string;
  /** `ulimit -n` (soft/hard) the bench and its children run with: the streaming case needs one per socket. */
  openFiles?: string;
  /** net.ipv4.ip_local_port_range: client ports for loopback connections to one target port. */
  localPortRange?: string;
}

export function machineFacts(): MachineFacts {
  return {
    node: process.version,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    // os.cpus(), not availableParallelism(): the bench pins itself to one core before asking
    nproc: os.cpus().length,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAvg1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
    nginx: firstLine('nginx', ['-v'], /nginx\/\S+/),
    wrk: firstLine('wrk', ['-v'], /wrk \S+/),
    autocannon: autocannonVersion(),
    openFiles: (({ soft, hard }) => (soft === undefined ? undefined : `${soft}/${hard ?? '?'}`))(openFileLimit()),
    localPortRange: readTrimmed('/proc/sys/net/ipv4/ip_local_port_range')?.replace(/\s+/, '–'),
  };
}

function readTrimmed(file: string): string | undefined {
  try { return fs.readFileSync(file, 'utf8').trim(); } catch { return undefined; }
}

/** The prerequisites the bench cannot do without, as install hints. */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (firstLine('nginx', ['-v'], /nginx\/\S+/) === undefined) missing.push('nginx (Debian: apt-get install -y nginx)');
  if (firstLine('wrk', ['-v'], /wrk \S+/) === undefined) missing.push('wrk (Debian: apt-get install -y wrk)');
  return missing;
}

// nginx -v and wrk -v print their version on stderr / stdout and wrk exits 1, so only the text counts.
function firstLine(cmd: string, args: string[], pattern: RegExp): string | undefined {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error !== undefined) return undefined;
  return pattern.exec(`${r.stdout}${r.stderr}`)?.[0];
}
