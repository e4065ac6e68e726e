import { formatLag, type ScalingSection } from '../results';
import { esc } from './html-escape';

/** Per HPA: limits, peak, deficit, and each episode's lags (docs/telemetry.md "Scaling lag"). */
export function scalingSection(s: ScalingSection | undefined, runStartMs: number): string {
  if (s === undefined) return '';
  const problems = s.problems.map((p) => `<p class="warn">⚠ ${esc(p)}</p>`).join('');
  const hpas = s.hpas.map((h) => {
    const episodes = h.episodes.map((e) => {
      const t0 = (Date.parse(e.t0) - runStartMs) / 1000;
      const steps = e.steps.map((st) => `<li>+${st.elapsedS.toFixed(1)} s ${esc(st.what)}</li>`).join('');
      return `<tr class="${e.direction}"><td>${esc(e.direction)} ${e.from} → ${e.to}${e.complete ? '' : ' <span class="muted">(incomplete)</span>'}</td>
<td class="num">+${t0.toFixed(1)} s <span class="muted">${esc(e.t0Source)}</span></td><td class="num">${esc(formatLag(e.lagS.detection))}</td><td class="num">${esc(formatLag(e.lagS.actuation))}</td>
<td class="num strong">${esc(formatLag(e.lagS.total))}</td><td class="num">${esc(formatLag(e.lagS.recovery))}</td><td class="num">${e.deficitReplicaSeconds.toFixed(1)}</td>
<td>${steps === '' ? '' : `<details><summary>${e.steps.length} steps</summary><ul class="steps">${steps}</ul></details>`}</td></tr>`;
    }).join('');
    const failures = h.podFailures.map((f) => `<li><code>${esc(f.pod)}</code> ${esc(f.reason)} at ${esc(f.at)}</li>`).join('');
    return `<h3>hpa/${esc(h.name)} → ${esc(h.target.kind)}/${esc(h.target.name)}</h3>
<p>replicas ${h.minReplicas}..${h.maxReplicas} · reached ${h.maxReplicasReached}${h.timeAtMaxS > 0 ? ` · at max (ScalingLimited) ${h.timeAtMaxS.toFixed(0)} s` : ''} · deficit ${h.deficitReplicaSeconds.toFixed(1)} replica·s</p>
${h.episodes.length === 0 ? '<p class="muted">No scaling episode.</p>' : `<div class="scroll"><table class="episodes">
<thead><tr><th>episode</th><th>t0</th><th>detection</th><th>actuation</th><th>total</th><th>recovery</th><th>deficit (replica·s)</th><th>steps</th></tr></thead>
<tbody>${episodes}</tbody></table></div>`}
${failures === '' ? '' : `<p>Pod failures:</p><ul>${failures}</ul>`}`;
  }).join('');
  const slo = s.sloMs !== undefined ? `recovery = first 30 s window after t0 with p95 ≤ ${s.sloMs} ms` : 'no p95 SLO threshold, so no recovery lag';
  return `<section id="scaling"><h2>Scaling</h2>
<p class="muted">namespace <code>${esc(s.namespace)}</code>${s.watcherAvailable ? '' : ' · <strong>watcher not running</strong>'} · detection = t0 → HPA decision, actuation = decision → all new pods Ready, total = both · ${esc(slo)}</p>
${problems}${hpas}</section>`;
}
