import { formatBytes, formatDurationS, formatMs, formatPct, formatPeakTarget, formatRate, formatThresholdValue, type Summary } from '../results';
import { esc } from './html-escape';
import { inferenceHeadline } from './inference-section';
import { soakHeadline } from './soak-section';
import { spikeHeadline } from './spike-section';
import { stressHeadline } from './stress-section';

/**
 * What the console's PRESET and INFERENCE sections headline, under the status: a shared report of
 * a stress run must say where it broke, not only "PASSED".
 */
function headlines(s: Summary): string {
  const p = s.preset;
  const unit = p?.unit === 'rate' ? '/s' : ' VUs';
  const lines: Array<[string, string, string, string]> = [];
  if (p?.stress) lines.push(['Stress', stressHeadline(p.stress, unit), p.stress.breaking === null ? 'good' : 'bad', '#stress']);
  if (p?.spike) lines.push(['Spike', spikeHeadline(p.spike), p.spike.timeToRecoverS === null ? 'bad' : 'good', '#spike']);
  if (p?.soak) lines.push(['Soak', soakHeadline(p.soak), p.soak.drift.verdict === 'drifting' ? 'bad' : p.soak.drift.verdict === 'stable' ? 'good' : '', '#soak']);
  if (s.inference) lines.push(['Inference', inferenceHeadline(s.inference), '', '#inference']);
  if (lines.length === 0) return '';
  return `<section class="headline" aria-label="Preset verdict">${lines.map(([what, text, cls, href]) =>
    `<p><strong>${esc(what)}:</strong> <span class="${cls}">${esc(text)}</span> <a href="${href}">details</a></p>`).join('')}</section>`;
}

/**
 * summary.json `warnings`: what the status does not say (e.g. every request failed and no threshold
 * checks errors, so the run PASSED). Right under the status, as the console prints them first.
 */
function warnings(s: Summary): string {
  if (!s.warnings?.length) return '';
  return `<section class="run-warnings warn" role="alert" aria-label="Warnings">${s.warnings.map((w) => `<p><strong>WARNING:</strong> ${esc(w)}</p>`).join('')}</section>`;
}

/** The top of the report: did it pass (per threshold), and the run's key figures. */
export function reportHeader(s: Summary): string {
  const status = s.run.status;
  const ok = status === 'passed';
  const t = s.totals;
  const tiles: Array<[string, string, string?]> = [
    ['requests', t.requests.toLocaleString('en-US')],
    ['achieved RPS', formatRate(t.rps), `served ${formatRate(t.rps * (1 - t.errorRate))} · peak target ${formatPeakTarget(s.run)}`],
    ['success', formatPct(t.requests === 0 ? 1 : 1 - t.errorRate), `${t.failed.toLocaleString('en-US')} failed`],
    ['p50', formatMs(t.latency.p50)],
    ['p95', formatMs(t.latency.p95)],
    ['p99', formatMs(t.latency.p99), `max ${formatMs(t.latency.max)}`],
  ];
  const thresholds = s.thresholds.length === 0
    ? '<p class="muted">No thresholds defined.</p>'
    : `<ul class="thresholds">${s.thresholds.map((th) => `<li class="${th.ok ? 'pass' : 'fail'}"><span class="mark" aria-label="${th.ok ? 'passed' : 'failed'}">${th.ok ? '✓' : '✗'}</span> <code>${esc(th.expr)}</code> <span class="observed">${esc(formatThresholdValue(th))}</span></li>`).join('')}</ul>`;
  return `<header class="run-header">
  <div class="title-row">
    <h1>${esc(s.run.scenario)} <span class="status ${ok ? 'pass' : 'fail'}">${esc(status.toUpperCase())}</span></h1>
    <button type="button" id="theme-toggle" class="theme-toggle" title="Switch between automatic, light and dark theme">theme: auto</button>
  </div>
  ${warnings(s)}
  <p class="meta">run <code>${esc(s.run.id)}</code> · ${esc(s.run.model)} model · ${esc(formatDurationS(s.run.durationS))} · started ${esc(s.run.startedAt)} · target <code>${esc(s.run.target)}</code>${s.run.interrupted ? ' · <strong>interrupted: partial results</strong>' : ''} · ${esc(formatBytes(t.bytesReceived))} received${t.dropped > 0 ? ` · ${t.dropped} arrivals dropped` : ''}</p>
  ${headlines(s)}
  <section class="verdict" aria-label="Thresholds"><h2>Thresholds</h2>${thresholds}</section>
  <dl class="tiles">${tiles.map(([k, v, sub]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd>${sub ? `<dd class="sub">${esc(sub)}</dd>` : ''}</div>`).join('')}</dl>
</header>`;
}
