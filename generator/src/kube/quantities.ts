/** Kubernetes quantities: "250m" cores, "123456789n" nanocores, "1" core. */
export function parseCpu(q: string): number {
  const m = /^([\d.]+)([num]?)$/.exec(q.trim());
  if (!m) return 0;
  const scale = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1 }[m[2] as 'n' | 'u' | 'm' | ''];
  return Number(m[1]) * scale;
}

/** "12345Ki", "64Mi", "1Gi", "1000000" bytes (also the decimal k/M/G). */
export function parseMemory(q: string): number {
  const m = /^([\d.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) return 0;
  const units: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
  return Number(m[1]) * (m[2] ? units[m[2]] ?? 1 : 1);
}
