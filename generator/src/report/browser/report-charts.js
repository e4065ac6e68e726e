/*
 * Browser side of report.html: draws the run's correlated charts with uPlot (inlined before this
 * script), one x axis (seconds since the run started) and one synced cursor for all of them;
 * scaling episodes shaded with their lags, stage boundaries marked. Also the theme toggle, the
 * failed-requests filter and span-details toggles. Plain ES2017, no imports: it is inlined as is.
 */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var root = document.documentElement;
  var chartsEl = document.getElementById('charts');
  var charts = [];
  /** Read by tests and handy in devtools: every chart's id and uPlot instance. */
  window.scaletraceReport = { charts: charts, data: data };
  var SYNC_KEY = 'scaletrace-run';

  function css(name) { return getComputedStyle(root).getPropertyValue(name).trim(); }
  function fmtS(s) {
    if (s == null || !isFinite(s)) return '–';
    var neg = s < 0; s = Math.abs(s);
    var m = Math.floor(s / 60); var r = s - m * 60;
    var sec = r < 10 ? '0' + r.toFixed(0) : r.toFixed(0);
    return (neg ? '-' : '') + m + ':' + sec;
  }
  function fmtMs(v) {
    if (v == null) return '–';
    if (v >= 1000) return (v / 1000).toFixed(2) + ' s';
    if (v >= 10) return v.toFixed(0) + ' ms';
    return v.toFixed(1) + ' ms';
  }
  function fmtNum(v, unit) { return v == null ? '–' : (Math.round(v * 10) / 10) + (unit || ''); }

  /** Episode bands behind the series, stage lines and (optionally) labels on top. */
  function marks(opts) {
    function x(u, v) { return Math.round(u.valToPos(v, 'x', true)); }
    return {
      hooks: {
        drawClear: [function (u) {
          var ctx = u.ctx; var b = u.bbox;
          ctx.save();
          data.episodes.forEach(function (e) {
            var end = e.readyS != null ? e.readyS : data.durationS;
            var x0 = Math.max(b.left, x(u, e.t0S)); var x1 = Math.min(b.left + b.width, x(u, end));
            if (x1 <= x0) return;
            ctx.fillStyle = css(e.direction === 'up' ? '--episode-up' : '--episode-down');
            ctx.fillRect(x0, b.top, x1 - x0, b.height);
            // The detection part (t0 → HPA decision) a second time: darker, so both lags read off the band.
            var xd = Math.min(x1, x(u, e.decidedS));
            if (xd > x0) ctx.fillRect(x0, b.top, xd - x0, b.height);
          });
          ctx.restore();
        }],
        draw: [function (u) {
          var ctx = u.ctx; var b = u.bbox; var dpr = devicePixelRatio || 1;
          ctx.save();
          ctx.strokeStyle = css('--stage-line'); ctx.lineWidth = dpr; ctx.setLineDash([4 * dpr, 4 * dpr]);
          // uPlot leaves its last axis alignment on the context: labels start at their x.
          ctx.font = (11 * dpr) + 'px system-ui, sans-serif'; ctx.fillStyle = css('--muted'); ctx.textBaseline = 'top'; ctx.textAlign = 'left';
          data.stages.forEach(function (s, i) {
            if (i === 0 && s.atS <= 0.5) return;
            var xs = x(u, s.atS) + 0.5;
            ctx.beginPath(); ctx.moveTo(xs, b.top); ctx.lineTo(xs, b.top + b.height); ctx.stroke();
          });
          if (opts.stageLabels) {
            // A label only where it fits before the next stage's line (a 1 s ramp gets none).
            data.stages.forEach(function (s, i) {
              var next = i + 1 < data.stages.length ? x(u, data.stages[i + 1].atS) : b.left + b.width;
              var at = x(u, s.atS) + 3 * dpr;
              if (ctx.measureText(s.label).width < next - at - 4 * dpr) ctx.fillText(s.label, at, b.top + 2 * dpr);
            });
          }
          ctx.setLineDash([]);
          if (opts.lagLabels) {
            ctx.font = '600 ' + (11 * dpr) + 'px system-ui, sans-serif'; ctx.fillStyle = css('--label');
            data.episodes.forEach(function (e, i) {
              if (opts.hpa !== undefined && e.hpa !== opts.hpa) return;
              var x0 = Math.max(b.left, x(u, e.t0S));
              ctx.strokeStyle = css(e.direction === 'up' ? '--c-current' : '--c-desired'); ctx.lineWidth = 1.5 * dpr;
              [e.t0S, e.decidedS, e.readyS].forEach(function (t) {
                if (t == null) return;
                var xt = x(u, t) + 0.5;
                ctx.beginPath(); ctx.moveTo(xt, b.top); ctx.lineTo(xt, b.top + b.height); ctx.stroke();
              });
              // A short tag at the band's start, haloed in the background colour; every lag is in the caption below.
              var text = e.short;
              var w = ctx.measureText(text).width;
              var tx = Math.max(b.left + 2 * dpr, Math.min(x0 + 4 * dpr, b.left + b.width - w - 6 * dpr));
              var ty = b.top + (4 + 16 * (i % 2)) * dpr;
              ctx.lineJoin = 'round'; ctx.lineWidth = 3 * dpr; ctx.strokeStyle = css('--panel');
              ctx.strokeText(text, tx, ty);
              ctx.fillStyle = css('--label');
              ctx.fillText(text, tx, ty);
            });
          }
          ctx.restore();
        }],
      },
    };
  }

  function axis(unitLabel, fmt, size) {
    return {
      stroke: css('--muted'), grid: { stroke: css('--grid'), width: 1 }, ticks: { stroke: css('--grid'), width: 1 },
      size: size || 60, label: unitLabel, labelSize: 18, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif',
      values: fmt ? function (u, vals) { return vals.map(fmt); } : undefined,
    };
  }

  function make(id, title, note, xs, series, ys, o) {
    o = o || {};
    var box = document.createElement('figure');
    box.className = 'chart'; box.id = 'chart-' + id; box.style.margin = '0';
    box.innerHTML = '<h3></h3>' + (note ? '<p class="note"></p>' : '');
    box.querySelector('h3').textContent = title;
    if (note) box.querySelector('.note').textContent = note;
    chartsEl.appendChild(box);
    var caption = (o.caption || []).map(function (text) { var li = document.createElement('li'); li.textContent = text; return li; });
    var width = Math.max(320, chartsEl.clientWidth - 18);
    var opts = {
      width: o.width || width, height: o.height || 190,
      cursor: { sync: { key: SYNC_KEY }, drag: { x: false, y: false }, points: { size: 6 } },
      legend: { live: true },
      scales: { x: { time: false, range: [0, Math.max(1, data.durationS)] }, y: o.yScale || { range: function (u, mn, mx) { return [0, mx > 0 ? mx * 1.12 : 1]; } } },
      axes: [axis('', fmtS, 30), axis(o.yLabel || '', o.yFmt)],
      series: [{ label: 'time', value: function (u, v) { return v == null ? '–' : '+' + fmtS(v); } }].concat(series),
      plugins: [marks(o.marks || {})],
    };
    var u = new uPlot(opts, [xs].concat(ys), box);
    if (caption.length > 0) {
      var ul = document.createElement('ul'); ul.className = 'caption';
      caption.forEach(function (li) { ul.appendChild(li); });
      box.appendChild(ul);
    }
    charts.push({ id: id, uplot: u });
    return u;
  }

  function line(label, color, extra) {
    var s = { label: label, stroke: css(color), width: 2, points: { show: false }, spanGaps: false };
    for (var k in extra || {}) s[k] = extra[k];
    return s;
  }

  function build(width) {
    make('load', 'Load: target vs achieved', 'requests per second completed, against the scenario\u2019s target rate; stage boundaries dashed',
      data.x, [line('target', '--c-target', { dash: [6, 4], paths: uPlot.paths.stepped({ align: 1 }), value: function (u, v) { return fmtNum(v, '/s'); } }),
        line('achieved', '--c-rps', { fill: css('--c-rps') + '22', value: function (u, v) { return fmtNum(v, '/s'); } })],
      [data.target, data.rps], { width: width, yLabel: 'req/s', marks: { stageLabels: true } });
    make('latency', 'Latency p50 / p95 / p99', 'per second, from the intended send time (coordinated-omission free)',
      data.x, ['p50', 'p95', 'p99'].map(function (p) { return line(p, '--c-' + p, { value: function (u, v) { return fmtMs(v); } }); }),
      [data.p50, data.p95, data.p99], { width: width, yLabel: 'ms', yFmt: function (v) { return v >= 1000 ? (v / 1000) + 's' : v; } });
    if (data.errorTypes.length > 0) {
      // Stacked bars: series k draws the sum of types k..n-1, widest first, so each type shows as its own slice.
      var n = data.errorTypes.length; var stacked = []; var series = [];
      for (var k = 0; k < n; k++) {
        var sum = data.x.map(function (_, i) { var t = 0; for (var j = k; j < n; j++) t += data.errors[j][i]; return t; });
        stacked.push(sum);
        (function (raw) {
          series.push({ label: data.errorTypes[k], stroke: css('--c-err-' + Math.min(k, 5)), fill: css('--c-err-' + Math.min(k, 5)), width: 0,
            paths: uPlot.paths.bars({ size: [0.85, 40], align: -1 }), points: { show: false },
            value: function (u, v, si, idx) { return idx == null ? '–' : String(raw[idx]); } });
        })(data.errors[k]);
      }
      make('errors', 'Errors by type', 'failed requests per second, stacked by error.type', data.x, series, stacked,
        { width: width, yLabel: 'failed/s', marks: {} });
    } else {
      make('errors', 'Errors by type', 'no failed request', data.x,
        [line('failed', '--c-err-0', { value: function (u, v) { return fmtNum(v); } })], [data.x.map(function () { return 0; })], { width: width, yLabel: 'failed/s' });
    }
    data.hpas.forEach(function (h, i) {
      var step = uPlot.paths.stepped({ align: 1 });
      make('replicas-' + i, 'Replicas: hpa/' + h.name, 'HPA current and desired, ready pods; shaded: scaling episodes (darker: detection, t0 \u2192 HPA decision; lighter: actuation, decision \u2192 all Ready)',
        h.x, [line('desired', '--c-desired', { paths: step, dash: [6, 3] }), line('current', '--c-current', { paths: step }),
          line('ready', '--c-ready', { paths: step, width: 2.5, fill: css('--c-ready') + '18' }), line('max', '--c-limit', { dash: [2, 4], width: 1 })],
        [h.desired, h.current, h.ready, h.x.map(function () { return h.max; })],
        { width: width, height: 210, yLabel: 'pods', caption: data.episodes.filter(function (e) { return e.hpa === h.name; }).map(function (e) { return e.label; }), yScale: { range: [0, h.max + 1] }, yFmt: function (v) { return Number.isInteger(v) ? v : ''; }, marks: { lagLabels: true, hpa: h.name } });
    });
  }

  function rebuild(width) {
    charts.splice(0).forEach(function (c) { c.uplot.destroy(); });
    chartsEl.innerHTML = '';
    build(width);
  }

  // Theme: auto (the OS preference) → light → dark, remembered when storage is allowed.
  var MODES = ['auto', 'light', 'dark'];
  var toggle = document.getElementById('theme-toggle');
  function storedMode() { try { return localStorage.getItem('scaletrace-theme') || 'auto'; } catch (e) { return 'auto'; } }
  function applyMode(mode, redraw) {
    if (mode === 'auto') root.removeAttribute('data-theme'); else root.setAttribute('data-theme', mode);
    if (toggle) toggle.textContent = 'theme: ' + mode;
    if (redraw) rebuild();
  }
  var mode = storedMode();
  if (MODES.indexOf(mode) < 0) mode = 'auto';
  applyMode(mode, false);
  if (toggle) toggle.addEventListener('click', function () {
    mode = MODES[(MODES.indexOf(mode) + 1) % MODES.length];
    try { localStorage.setItem('scaletrace-theme', mode); } catch (e) { /* file:// may forbid storage */ }
    applyMode(mode, true);
  });
  if (window.matchMedia) {
    var mq = window.matchMedia('(prefers-color-scheme: dark)');
    var onScheme = function () { if (mode === 'auto') rebuild(); };
    if (mq.addEventListener) mq.addEventListener('change', onScheme);
  }

  // Print: light charts at paper width, then back.
  var beforePrintTheme = null;
  window.addEventListener('beforeprint', function () { beforePrintTheme = root.getAttribute('data-theme'); root.setAttribute('data-theme', 'light'); rebuild(680); });
  window.addEventListener('afterprint', function () {
    if (beforePrintTheme === null) root.removeAttribute('data-theme'); else root.setAttribute('data-theme', beforePrintTheme);
    rebuild();
  });

  var resizeTimer;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      var w = Math.max(320, chartsEl.clientWidth - 18);
      charts.forEach(function (c) { c.uplot.setSize({ width: w, height: c.uplot.height }); });
    }, 100);
  });

  // Failed requests: expand a row's span details; filter by error.type.
  document.querySelectorAll('.failures .expand').forEach(function (btn) {
    btn.addEventListener('click', function () {
      var row = document.getElementById(btn.getAttribute('aria-controls'));
      var open = btn.getAttribute('aria-expanded') !== 'true';
      btn.setAttribute('aria-expanded', String(open));
      row.hidden = !open;
    });
  });
  var filter = document.getElementById('failure-filter');
  if (filter) filter.addEventListener('change', function () {
    document.querySelectorAll('.failures tr.failure').forEach(function (tr) {
      var show = filter.value === '' || tr.getAttribute('data-error-type') === filter.value;
      tr.hidden = !show;
      var btn = tr.querySelector('.expand');
      var details = document.getElementById(btn.getAttribute('aria-controls'));
      details.hidden = !show || btn.getAttribute('aria-expanded') !== 'true';
    });
  });

  build();
})();
