import type { ScalingEpisodeSummary, ScalingSection } from './types';

/** `12.3 s`, or `–` for a lag not reached before the run ended. */
export function formatLag(s: number | null | undefined): string {
  return s === null || s === undefined ? '–' : `${s.toFixed(1)} s`;
}

/** One line per episode: `up 1 → 4  detection 14.2 s · actuation 9.8 s · total 24.0 s · recovery 31.0 s`. */
export function episodeLine(e: ScalingEpisodeSummary): string {
  const l = e.lagS;
  const open = e.complete ? '' : `  (run ended ${e.openForS !== undefined ? `${e.openForS.toFixed(1)} s after t0 ` : ''}before all pods were Ready)`;
  return `${e.direction} ${e.from} → ${e.to}  detection ${formatLag(l.detection)} · actuation ${formatLag(l.actuation)} · ` +
    `total ${formatLag(l.total)} · recovery ${formatLag(l.recovery)} · deficit ${e.deficitReplicaSeconds.toFixed(0)} replica·s${open}`;
}

/** The console summary's SCALING block (plain lines; the caller indents and colours). */
export function scalingLines(s: ScalingSection): string[] {
  const out: string[] = [];
  if (!s.watcherAvailable) out.push(`watcher not running in namespace ${s.namespace}`);
  for (const p of s.problems) out.push(`! ${p}`);
  for (const h of s.hpas) {
    out.push(`hpa/${h.name} → ${h.target.kind}/${h.target.name}  replicas ${h.minReplicas}..${h.maxReplicas}, reached ${h.maxReplicasReached}` +
      `${h.timeAtMaxS > 0 ? `, at max for ${h.timeAtMaxS.toFixed(0)} s` : ''}, deficit ${h.deficitReplicaSeconds.toFixed(0)} replica·s`);
    if (h.episodes.length === 0) out.push('  no scaling episode');
    for (const e of h.episodes) out.push(`  ${episodeLine(e)}`);
    for (const f of h.podFailures) out.push(`  pod ${f.pod}: ${f.reason} at ${f.at}`);
  }
  return out;
}

/** summary.md's "Scaling" section. */
export function scalingMarkdown(s: ScalingSection): string[] {
  const out = ['## Scaling', ''];
  out.push(`Namespace \`${s.namespace}\`${s.sloMs !== undefined ? `; recovery = first 30 s window after t0 with p95 ≤ ${s.sloMs} ms` : '; no p95 SLO, so no recovery lag'}.`, '');
  for (const p of s.problems) out.push(`> ⚠ ${p}`, '');
  for (const h of s.hpas) {
    out.push(`### hpa/${h.name} → ${h.target.kind}/${h.target.name}`, '');
    out.push(`Replicas ${h.minReplicas}..${h.maxReplicas}; max reached ${h.maxReplicasReached}; time at max ${h.timeAtMaxS.toFixed(0)} s; deficit ${h.deficitReplicaSeconds.toFixed(0)} replica·s.`, '');
    if (h.episodes.length > 0) {
      out.push('| Episode | t0 (source) | Detection | Actuation | Total | Recovery | Deficit (replica·s) | Complete |', '|---|---|---:|---:|---:|---:|---:|---|');
      for (const e of h.episodes) {
        out.push(`| ${e.direction} ${e.from} → ${e.to} | ${e.t0} (${e.t0Source}) | ${formatLag(e.lagS.detection)} | ${formatLag(e.lagS.actuation)} | ${formatLag(e.lagS.total)} | ${formatLag(e.lagS.recovery)} | ${e.deficitReplicaSeconds.toFixed(0)} | ${e.complete ? 'yes' : 'no'} |`);
      }
      out.push('');
    }
    if (h.timeline.length > 0) {
      out.push('| +s | Current | Desired | Ready |', '|---:|---:|---:|---:|');
      for (const t of h.timeline) out.push(`| ${t.elapsedS.toFixed(1)} | ${t.current} | ${t.desired} | ${t.ready} |`);
      out.push('');
    }
    for (const f of h.podFailures) out.push(`- pod \`${f.pod}\`: ${f.reason} at ${f.at}`);
    if (h.podFailures.length > 0) out.push('');
  }
  return out;
}
