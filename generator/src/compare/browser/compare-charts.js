/*
 * Browser side of compare.html: every run overlaid with uPlot (inlined before this script), in
 * report.html's look: p95 and served rate over time (each run from its own start, one synced
 * cursor), stress curves by step target, spike phases side by side. Also the theme toggle.
 * Plain ES2019, no imports: it is inlined as is.
 */
/* global window, document, getComputedStyle, localStorage, setTimeout, clearTimeout, uPlot */
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('compare-data').textContent);
  var root = document.documentElement;
  var chartsEl = document.getElementById('charts');
  var charts = [];
  /** Read by tests and handy in devtools: every chart's id and uPlot instance. */
  window.scaletraceCompare = { charts: charts, data: data };
  var SYNC_KEY = 'scaletrace-compare';

  function css(name) { return getComputedStyle(root).getPropertyValue(name).trim(); }
  function fmtS(s) {
    if (s == null || !isFinite(s)) return '–';
    var m = Math.floor(s / 60); var r = s - m * 60;
    return m + ':' + (r < 10 ? '0' : '') + r.toFixed(0);
  }
  function fmtMs(v) {
    if (v == null) return '–';
    if (v >= 1000) return (v / 1000).toFixed(2) + ' s';
    if (v >= 10) return v.toFixed(0) + ' ms';
    return v.toFixed(1) + ' ms';
  }
  function fmtNum(v, unit) { return v == null ? '–' : (Math.round(v * 10) / 10) + (unit || ''); }

  /** Whole seconds and minutes on time axes, so m:ss labels never repeat. */
  var TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400];

  function axis(label, fmt, size, incrs) {
    return {
      incrs: incrs,
      stroke: css('--muted'), grid: { stroke: css('--grid'), width: 1 }, ticks: { stroke: css('--grid'), width: 1 },
      size: size || 60, label: label, labelSize: 18, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif',
      values: fmt ? function (u, vals) { return vals.map(fmt); } : undefined,
    };
  }

  /** One series per run (indexes into data.runs): the run's colour, the baseline dashed. */
  function runSeries(runIdxs, value, extra) {
    return runIdxs.map(function (i) {
      var run = data.runs[i];
      var s = { label: run.label + (run.baseline ? ' (baseline)' : ''), stroke: css(run.colour), width: 2,
        points: { show: false }, spanGaps: false, value: value };
      if (run.baseline) s.dash = [6, 4];
      for (var k in extra || {}) s[k] = extra[k];
      return s;
    });
  }
  function allRuns() { return data.runs.map(function (_r, i) { return i; }); }

  /** Points too, where a line alone would not show: a short run, or a second with no neighbour. */
  function sparse(values) {
    var n = 0; var lone = false;
    values.forEach(function (v, i) {
      if (v == null) return;
      n++;
      if (values[i - 1] == null && values[i + 1] == null) lone = true;
    });
    return lone || n <= 30;
  }
  function withPoints(series, ys) {
    return series.map(function (s, i) { s.points = { show: sparse(ys[i]), size: 7, fill: s.stroke }; return s; });
  }

  function make(id, title, note, xs, series, ys, o) {
    var box = document.createElement('figure');
    box.className = 'chart'; box.id = 'chart-' + id; box.style.margin = '0';
    box.innerHTML = '<h3></h3><p class="note"></p>';
    box.querySelector('h3').textContent = title;
    box.querySelector('.note').textContent = note;
    chartsEl.appendChild(box);
    var width = o.width || Math.max(320, chartsEl.clientWidth - 18);
    var cursor = { drag: { x: false, y: false }, points: { size: 6 } };
    if (o.sync) cursor.sync = { key: SYNC_KEY };
    var opts = {
      width: width, height: o.height || 210, cursor: cursor,
      legend: { live: true },
      scales: { x: o.xScale, y: { range: function (u, mn, mx) { return [0, mx > 0 ? mx * 1.12 : 1]; } } },
      axes: [axis(o.xLabel || '', o.xFmt, 30, o.xIncrs), axis(o.yLabel || '', o.yFmt)],
      series: [{ label: o.xName, value: o.xValue }].concat(series),
    };
    var u = new uPlot(opts, [xs].concat(ys), box);
    charts.push({ id: id, uplot: u });
    return u;
  }

  function build(width) {
    var t = data.timeline;
    var timeX = { time: false, range: [0, Math.max(1, data.durationS)] };
    var timeValue = function (u, v) { return v == null ? '–' : '+' + fmtS(v); };
    make('p95', 'Latency p95 over time', 'per second, from the intended send time; gaps: seconds without a completed request',
      t.x, withPoints(runSeries(allRuns(), function (u, v) { return fmtMs(v); }), t.p95), t.p95,
      { width: width, sync: true, xScale: timeX, xIncrs: TIME_INCRS, xFmt: fmtS, xName: 'time', xValue: timeValue, yLabel: 'ms', yFmt: function (v) { return v >= 1000 ? (v / 1000) + 's' : v; } });
    make('rps', 'Served rate over time', 'requests completed per second',
      t.x, withPoints(runSeries(allRuns(), function (u, v) { return fmtNum(v, '/s'); }), t.rps), t.rps,
      { width: width, sync: true, xScale: timeX, xIncrs: TIME_INCRS, xFmt: fmtS, xName: 'time', xValue: timeValue, yLabel: 'req/s' });
    if (data.stress) {
      var s = data.stress;
      var lo = s.x[0]; var hi = s.x[s.x.length - 1];
      var pad = Math.max(1, (hi - lo) * 0.05);
      make('stress', 'Stress curves: p95 by step target', 'one point per step that ran; the breaking step is in the table below',
        s.x, runSeries(s.runs, function (u, v) { return fmtMs(v); }, { spanGaps: true, points: { show: true, size: 7 } }), s.p95,
        { width: width, xScale: { time: false, range: [lo - pad, hi + pad] }, xLabel: 'step target', xName: 'target', xValue: function (u, v) { return v == null ? '–' : fmtNum(v); }, yLabel: 'ms' });
    }
    if (data.spike) {
      var p = data.spike;
      var phaseX = p.phases.map(function (_n, i) { return i; });
      var name = function (v) { return Number.isInteger(v) && p.phases[v] !== undefined ? p.phases[v] : ''; };
      make('spike', 'Spike phases: p95', 'each phase\u2019s p95, run by run',
        phaseX, runSeries(p.runs, function (u, v) { return fmtMs(v); }, { spanGaps: true, points: { show: true, size: 8 } }), p.p95,
        { width: width, xScale: { time: false, range: [-0.4, p.phases.length - 0.6] }, xIncrs: [1], xFmt: name, xName: 'phase', xValue: function (u, v) { return v == null ? '–' : name(v); }, yLabel: 'ms' });
    }
  }

  function rebuild(width) {
    charts.splice(0).forEach(function (c) { c.uplot.destroy(); });
    chartsEl.innerHTML = '';
    build(width);
  }

  // Theme: auto (the OS preference) → light → dark, remembered when storage is allowed (as report.html).
  var MODES = ['auto', 'light', 'dark'];
  var toggle = document.getElementById('theme-toggle');
  function storedMode() { try { return localStorage.getItem('scaletrace-theme') || 'auto'; } catch { return 'auto'; } }
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
    try { localStorage.setItem('scaletrace-theme', mode); } catch { /* file:// may forbid storage */ }
    applyMode(mode, true);
  });
  if (window.matchMedia) {
    var mq = window.matchMedia('(prefers-color-scheme: dark)');
    if (mq.addEventListener) mq.addEventListener('change', function () { if (mode === 'auto') rebuild(); });
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

  build();
})();
