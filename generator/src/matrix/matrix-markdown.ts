import { loadLabel } from './matrix-csv';
import { goodRps, PAYS, type MatrixFindings, type ScalingStep } from './matrix-findings';
import type { CellResult, MatrixPlan } from './types';

export interface MatrixReportMeta {
  plan: MatrixPlan;
  startedAt: string;
  endedAt: string;
  interrupted: boolean;
  restored: string;
}

/** matrix.md: what ran, every cell, then the findings (best throughput, best latency, per replica, where scaling stops paying). */
export function matrixMarkdown(results: readonly CellResult[], findings: MatrixFindings, meta: MatrixReportMeta): string {
  const { plan } = meta;
  const unit = plan.model === 'open' ? 'req/s' : 'VUs';
  const cell = (r: CellResult): string => `${r.replicas} replica${r.replicas === 1 ? '' : 's'} × ${r.level} ${unit}${r.mix ? ` (${r.mix})` : ''}`;
  const total = plan.replicas.length * plan.levels.length * Math.max(1, plan.mixes.length);
  const out: string[] = [
    `# Matrix: ${plan.name}${meta.interrupted ? ' (interrupted)' : ''}`, '',
    `- Deployment \`${plan.kubernetes.deployment}\`${plan.kubernetes.hpa ? ` (HPA \`${plan.kubernetes.hpa}\` pinned to min = max = replicas per cell)` : ''}; scenario \`${plan.base.file}\``,
    `- Replicas ${plan.replicas.join(', ')} × load ${plan.levels.join(', ')} ${unit}${plan.mixes.length ? ` × mixes ${plan.mixes.map((m) => m.name).join(', ')}` : ''}; ${plan.durationMs / 1000} s per cell, ${plan.cooldownMs / 1000} s cool-down`,
    `- ${results.length} of ${total} cells recorded, ${findings.measured} measured; ${meta.startedAt} → ${meta.endedAt}`,
    `- ${meta.restored}`, '',
    '## Cells', '',
    '| Replicas | Load | RPS | Median ms | P95 ms | P99 ms | Failures % | Requests | Duration s | Status |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---|',
    ...results.map((r) => `| ${r.replicas} | ${loadLabel(r)} | ${r.rps.toFixed(2)} | ${r.medianMs.toFixed(2)} | ${r.p95Ms.toFixed(2)} | ${r.p99Ms.toFixed(2)} | ${r.failuresPct.toFixed(2)} | ${r.totalRequests} | ${r.durationS.toFixed(1)} | ${r.status}${r.detail ? `: ${r.detail}` : ''} |`),
    '', '## Findings', '',
  ];
  if (findings.measured === 0) {
    out.push('No cell was measured (none ran to the end with requests).', '');
    return `${out.join('\n')}\n`;
  }
  const bt = findings.bestThroughput as CellResult;
  const bl = findings.bestLatency as CellResult;
  out.push(
    `- **Best throughput:** ${goodRps(bt).toFixed(1)} successful req/s at ${cell(bt)} (p95 ${bt.p95Ms.toFixed(1)} ms, ${bt.failuresPct.toFixed(2)} % failures).`,
    `- **Best latency:** p95 ${bl.p95Ms.toFixed(1)} ms at ${cell(bl)} (${goodRps(bl).toFixed(1)} successful req/s${bl.failuresPct > 1 ? `, ${bl.failuresPct.toFixed(2)} % failures` : ''}).`,
    '', '### Throughput per replica', '',
    'Successful req/s divided by the replica count, per load level.', '',
    `| Load | ${plan.replicas.map((r) => `${r} replica${r === 1 ? '' : 's'}`).join(' | ')} |`,
    `|---|${plan.replicas.map(() => '---:').join('|')}|`,
    ...findings.byLoad.map((l) => `| ${l.load} | ${plan.replicas.map((r) => {
      const p = l.points.find((x) => x.replicas === r);
      return p ? p.goodRpsPerReplica.toFixed(1) : '—';
    }).join(' | ')} |`),
    '', '### Where scaling stops paying', '',
    `Adding replicas pays when it buys ≥ ${PAYS.rpsGainPct} % more successful req/s, a ≥ ${PAYS.p95DropPct} % lower p95, or ≥ ${PAYS.failuresDropPts} point fewer failures.`, '',
  );
  for (const l of findings.byLoad) {
    const steps = l.steps.map(stepText).join('; ');
    if (l.steps.length === 0) out.push(`- Load ${l.load}: one replica count measured, nothing to compare.`);
    else if (l.stopsPayingAt === undefined) out.push(`- Load ${l.load}: still paying at ${l.points[l.points.length - 1]?.replicas} replicas, the most tested (${steps}).`);
    else out.push(`- Load ${l.load}: **stops paying at ${l.stopsPayingAt} replicas** (${steps}).`);
  }
  return `${out.join('\n')}\n`;
}

function stepText(s: ScalingStep): string {
  const sign = (n: number): string => (n >= 0 ? `+${n.toFixed(1)}` : n.toFixed(1));
  return `${s.from}→${s.to}: ${sign(s.rpsGainPct)} % req/s, p95 ${sign(-s.p95DropPct)} %, failures ${sign(-s.failuresDropPts)} pts${s.pays ? '' : ' (does not pay)'}`;
}
