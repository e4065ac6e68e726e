import fs from 'node:fs';

/** Per-CPU jiffies from /proc/stat: [total, steal]. */
type CpuTimes = Map<string, [number, number]>;

function readCpuTimes(): CpuTimes | undefined {
  let stat: string;
  try { stat = fs.readFileSync('/proc/stat', 'utf8'); } catch { return undefined; }
  const times: CpuTimes = new Map();
  for (const line of stat.split('\n')) {
    const m = /^(cpu\d+)\s+(.*)$/.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    const fields = m[2].trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user)
    const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
    times.set(m[1], [total, fields[7] ?? 0]);
  }
  return times;
}

/**
 * Share of time the hypervisor gave the given CPUs to someone else while `run` ran, in %:
 * a run with high steal measured the neighbours, not the tool.
 */
export async function withCpuSteal<T>(cpus: number[], run: () => Promise<T>): Promise<{ result: T; stealPercent?: number }> {
  const before = readCpuTimes();
  const result = await run();
  const after = readCpuTimes();
  if (before === undefined || after === undefined) return { result };
  let total = 0;
  let steal = 0;
  for (const cpu of cpus) {
    const a = before.get(`cpu${cpu}`);
    const b = after.get(`cpu${cpu}`);
    if (a === undefined || b === undefined) continue;
    total += b[0] - a[0];
    steal += b[1] - a[1];
  }
  return { result, stealPercent: total > 0 ? Math.round((steal / total) * 1000) / 10 : undefined };
}
