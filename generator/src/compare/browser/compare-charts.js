/*
 * Browser side of compare.html, inlined after uPlot and report.html's chart-kit.js: every run
 * overlaid, p95 and served rate over time (each run from its own start, one synced cursor), stress
 * curves by step target, spike phases side by side. The kit's start() builds them and keeps them
 * right (theme toggle, print, resize). Plain ES2017, no imports: it is inlined as is.
 */
/* global window, document */
(function () {
  'use strict';
  var K = window.scaletraceKit;
  var data = K.data; var fmtMs = K.fmtMs; var fmtNum = K.fmtNum;
  /** Read by tests and handy in devtools: every chart's id and uPlot instance. */
  window.scaletraceCompare = { charts: K.charts, data: data };

  /** One series per run (indexes into data.runs): the run's colour, the baseline dashed. */
  function runSeries(runIdxs, value, extra) {
    return runIdxs.map(function (i) {
      var run = data.runs[i];
      var s = K.line(run.label + (run.baseline ? ' (baseline)' : ''), run.colour, { value: value });
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

  K.builders.push(function (width) {
    var el = document.getElementById('charts');
    var t = data.timeline;
    var ms = function (u, v) { return fmtMs(v); };
    var unit = K.latencyUnit(t.p95);
    K.make(el, 'p95', 'Latency p95 over time', 'per second, from the intended send time; gaps: seconds without a completed request; axis in ' + unit.label,
      t.x, withPoints(runSeries(allRuns(), ms), t.p95), t.p95, { width: width, height: 210, yLabel: unit.label, yFmt: unit.fmt });
    K.make(el, 'rps', 'Served rate over time', 'successful responses per second (failed requests left out, as in the runs table\u2019s rps)',
      t.x, withPoints(runSeries(allRuns(), function (u, v) { return fmtNum(v, '/s'); }), t.served), t.served, { width: width, height: 210, yLabel: 'req/s' });
    if (data.stress) {
      var s = data.stress;
      var lo = s.x[0]; var hi = s.x[s.x.length - 1];
      var pad = Math.max(1, (hi - lo) * 0.05);
      var stressUnit = K.latencyUnit(s.p95);
      K.make(el, 'stress', 'Stress curves: p95 by step target', 'one point per step that ran; the breaking step is in the table below',
        s.x, runSeries(s.runs, ms, { spanGaps: true, points: { show: true, size: 7 } }), s.p95,
        { width: width, height: 210, time: false, xScale: { time: false, range: [lo - pad, hi + pad] }, xLabel: 'step target',
          xSeries: { label: 'target', value: function (u, v) { return v == null ? '–' : fmtNum(v); } }, yLabel: stressUnit.label, yFmt: stressUnit.fmt });
    }
    if (data.spike) {
      var p = data.spike;
      var phaseX = p.phases.map(function (_n, i) { return i; });
      var name = function (v) { return Number.isInteger(v) && p.phases[v] !== undefined ? p.phases[v] : ''; };
      var spikeUnit = K.latencyUnit(p.p95);
      K.make(el, 'spike', 'Spike phases: p95', 'each phase\u2019s p95, run by run',
        phaseX, runSeries(p.runs, ms, { spanGaps: true, points: { show: true, size: 8 } }), p.p95,
        { width: width, height: 210, time: false, xScale: { time: false, range: [-0.4, p.phases.length - 0.6] }, xFmt: name, xAxis: { incrs: [1] },
          xSeries: { label: 'phase', value: function (u, v) { return v == null ? '–' : name(v); } }, yLabel: spikeUnit.label, yFmt: spikeUnit.fmt });
    }
  });

  K.start();
})();
