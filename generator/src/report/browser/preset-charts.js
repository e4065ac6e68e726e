/*
 * The preset sections' charts: stress (latency and success against the rate the target served,
 * breaking point marked), spike (the three phases side by side), soak (per interval, with the
 * drift trend and memory). Their x axes are their own, not the run's time.
 */
(function () {
  'use strict';
  var K = window.scaletraceKit;
  var data = K.data; var css = K.css; var line = K.line; var make = K.make; var fmtMs = K.fmtMs; var tick = K.tick;

  function el(id) { return document.getElementById(id); }
  function maxOf(a) { return a.reduce(function (m, v) { return v != null && v > m ? v : m; }, 0); }

  /** Step numbers at the points, the breakWhen bounds as dashed lines, the breaking point in its own colour. */
  function stressMarks(s, unit) {
    return {
      hooks: {
        draw: [function (u) {
          var ctx = u.ctx; var b = u.bbox; var dpr = devicePixelRatio || 1;
          ctx.save();
          ctx.font = (11 * dpr) + 'px system-ui, sans-serif'; ctx.textBaseline = 'bottom'; ctx.textAlign = 'center';
          // Bounds: latency limits on the latency scale, the success floor on the % scale.
          ctx.setLineDash([3 * dpr, 4 * dpr]); ctx.lineWidth = dpr;
          var bounds = [];
          if (s.bounds.p95AboveMs != null) bounds.push({ v: s.bounds.p95AboveMs, scale: 'y', color: '--c-p95', text: 'p95 bound ' + fmtMs(s.bounds.p95AboveMs) });
          if (s.bounds.avgAboveMs != null) bounds.push({ v: s.bounds.avgAboveMs, scale: 'y', color: '--c-p50', text: 'avg bound ' + fmtMs(s.bounds.avgAboveMs) });
          bounds.push({ v: s.bounds.successBelowPct, scale: 'pct', color: '--c-success', text: 'success floor ' + s.bounds.successBelowPct + '%' });
          bounds.forEach(function (bd) {
            var y = Math.round(u.valToPos(bd.v, bd.scale, true)) + 0.5;
            if (y < b.top || y > b.top + b.height) return;
            ctx.strokeStyle = css(bd.color); ctx.fillStyle = css(bd.color);
            ctx.beginPath(); ctx.moveTo(b.left, y); ctx.lineTo(b.left + b.width, y); ctx.stroke();
            // On the left, where the healthy steps keep the curves low: latency bounds above their line,
            // the success floor under its own (the 100 % success line runs just above it).
            ctx.textAlign = 'left'; ctx.textBaseline = bd.scale === 'pct' ? 'top' : 'bottom';
            ctx.fillText(bd.text, b.left + 4 * dpr, bd.scale === 'pct' ? y + 2 * dpr : y - 2 * dpr);
          });
          ctx.setLineDash([]); ctx.textAlign = 'center'; ctx.textBaseline = 'bottom';
          // Points on the p95 curve; each step's number above its highest point (the p99 line would cross it).
          s.served.forEach(function (xv, i) {
            var px = u.valToPos(xv, 'x', true); var py = u.valToPos(s.p95[i], 'y', true);
            ctx.fillStyle = css('--c-p95');
            ctx.beginPath(); ctx.arc(px, py, 3.5 * dpr, 0, 2 * Math.PI); ctx.fill();
            // Clear of the breaking point's ring, with a halo where the marker line crosses it.
            var ty = Math.min(u.valToPos(Math.max(s.p95[i], s.p99[i]), 'y', true) - 5 * dpr, py - (s.breaking && s.breaking.index === i ? 9 : 5) * dpr);
            ctx.lineJoin = 'round'; ctx.lineWidth = 3 * dpr; ctx.strokeStyle = css('--panel'); ctx.strokeText(String(s.step[i]), px, ty);
            ctx.fillStyle = css('--label'); ctx.fillText(String(s.step[i]), px, ty);
          });
          if (s.breaking) {
            var i = s.breaking.index;
            var xb = Math.round(u.valToPos(s.served[i], 'x', true)) + 0.5;
            ctx.strokeStyle = css('--c-break'); ctx.fillStyle = css('--c-break'); ctx.lineWidth = 2 * dpr;
            ctx.beginPath(); ctx.moveTo(xb, b.top); ctx.lineTo(xb, b.top + b.height); ctx.stroke();
            ctx.beginPath(); ctx.arc(xb, u.valToPos(s.p95[i], 'y', true), 7 * dpr, 0, 2 * Math.PI); ctx.stroke();
            var text = 'breaking point: step ' + s.breaking.step + ' (' + s.target[i] + s.unit + ' offered' + (s.servedKnown ? ', ' + K.fmtNum(s.served[i], '/s') + ' served)' : ')');
            ctx.font = '600 ' + (11 * dpr) + 'px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'top';
            var w = ctx.measureText(text).width;
            var tx = Math.max(b.left + 2 * dpr, Math.min(xb + 5 * dpr, b.left + b.width - w - 12 * dpr));
            ctx.lineJoin = 'round'; ctx.lineWidth = 3 * dpr; ctx.strokeStyle = css('--panel');
            ctx.strokeText(text, tx, b.top + 3 * dpr);
            ctx.fillText(text, tx, b.top + 3 * dpr);
          }
          ctx.restore();
        }],
      },
    };
  }

  function stressChart(width) {
    var s = data.stress; var box = el('stress-charts');
    if (!s || !box || s.served.length === 0) return;
    var unit = K.latencyUnit([s.p50, s.p95, s.p99, [s.bounds.p95AboveMs, s.bounds.avgAboveMs]]);
    var xMax = Math.max(1, maxOf(s.served)) * 1.12;
    var facets = function (scale) { return [{ scale: 'x', auto: false }, { scale: scale, auto: true }]; };
    var series = [
      line('p50', '--c-p50', { facets: facets('y'), paths: uPlot.paths.linear() }),
      line('p95', '--c-p95', { facets: facets('y'), paths: uPlot.paths.linear(), width: 2.5 }),
      line('p99', '--c-p99', { facets: facets('y'), paths: uPlot.paths.linear(), dash: [5, 3] }),
      line('success %', '--c-success', { facets: facets('pct'), paths: uPlot.paths.linear(), width: 1.5 }),
    ];
    var ys = [[s.served, s.p50], [s.served, s.p95], [s.served, s.p99], [s.served, s.success]];
    var marks = s.breaking ? { breaking: { step: s.breaking.step, served: s.served[s.breaking.index], color: '--c-break' } } : {};
    make(box, 'stress', s.servedKnown ? 'Latency and success vs the rate the target served' : 'Latency and success vs the rate sent',
      s.servedKnown ? 'one point per step on the p95 curve (its number above it), at the successful responses per second the target served during it; where the curve turns up or back, the target is saturated'
        : 'one point per step on the p95 curve (its number above it), at the rate sent during it',
      null, series, ys, {
        mode: 2, time: false, width: width, height: 300, marks: marks,
        xScale: { time: false, range: [0, xMax] }, xFmt: tick,
        xLabel: s.servedKnown ? 'served req/s' : 'sent req/s (these results have no served rate: rerun for it)',
        // Tops from chart-data.ts: bounds in view, the top band free for the breaking label, the floor apart from the bounds.
        yScale: { range: [0, s.axes.latencyTopMs] },
        yLabel: unit.label, yFmt: unit.fmt,
        scales: { pct: { range: [0, s.axes.pctTop] } },
        moreAxes: [K.axis('success %', tick, 50, { scale: 'pct', side: 1, grid: { show: false }, splits: function () { return [0, 20, 40, 60, 80, 100]; } })],
        cursor: { show: false },
        plugins: [stressMarks(s, unit)],
      });
  }

  /** A bar per category (phase, step); `series` side by side when more than one. */
  function categoryBars(box, id, title, note, kind, names, series, ys, yLabel, yFmt, width, widthOf, extra) {
    var n = series.length;
    var bars = series.map(function (sr, k) {
      var c = css(sr.color);
      return { label: sr.label, stroke: c, fill: c + (k === 0 && n > 1 ? '66' : ''), width: 0, points: { show: false },
        paths: uPlot.paths.bars({ size: [n > 1 ? 0.32 : 0.55, 90], align: n > 1 ? (k === 0 ? -1 : 1) : 0 }), value: sr.value };
    });
    var xs = names.map(function (_, i) { return i; });
    var o = {
      time: false, width: width, widthOf: widthOf, height: 200, yLabel: yLabel, yFmt: yFmt,
      xScale: { time: false, range: [-0.5, names.length - 0.5] },
      xAxis: { splits: function () { return xs; } }, xFmt: function (v) { return names[v] || ''; },
      xSeries: { label: kind, value: function (u, v) { return v == null ? '–' : names[v]; } },
    };
    for (var k in extra || {}) o[k] = extra[k];
    return make(box, id, title, note, xs, bars, ys, o);
  }

  /** The breaking step's category: a line in the breaking-point colour behind the bars. */
  function categoryMark(index, label) {
    return {
      hooks: {
        drawClear: [function (u) {
          var ctx = u.ctx; var b = u.bbox; var dpr = devicePixelRatio || 1;
          var x0 = u.valToPos(index - 0.5, 'x', true); var x1 = u.valToPos(index + 0.5, 'x', true);
          ctx.save();
          ctx.fillStyle = css('--c-break') + '22'; ctx.fillRect(x0, b.top, x1 - x0, b.height);
          ctx.fillStyle = css('--c-break'); ctx.font = '600 ' + (11 * dpr) + 'px system-ui, sans-serif'; ctx.textBaseline = 'top'; ctx.textAlign = 'center';
          ctx.fillText(label, (x0 + x1) / 2, b.top + 2 * dpr);
          ctx.restore();
        }],
      },
    };
  }

  function stressRateChart(width) {
    var s = data.stress; var box = el('stress-charts');
    if (!s || !box || s.served.length === 0) return;
    var names = s.step.map(function (n, i) { return n + ' · ' + s.target[i] + s.unit; });
    var perS = function (u, v) { return v == null ? '–' : tick(v) + '/s'; };
    categoryBars(box, 'stress-rate', 'Sent and served per step', 'requests sent per second (what was offered) vs successful responses per second (what the target served); the breaking step shaded',
      'step', names, [{ label: 'sent', color: '--c-target', value: perS }].concat(s.servedKnown ? [{ label: 'served', color: '--c-ready', value: perS }] : []),
      s.servedKnown ? [s.sent, s.served] : [s.sent], 'req/s', tick, width, undefined,
      { height: 190, plugins: s.breaking ? [categoryMark(s.breaking.index, 'breaking')] : [] });
  }

  function spikeCharts(width) {
    var s = data.spike; var box = el('spike-charts');
    if (!s || !box) return;
    // Three across on a wide screen, stacked on a narrow one (the grid decides; the canvases follow).
    var widthOf = function () {
      var cols = getComputedStyle(box).gridTemplateColumns.split(' ').length || 1;
      return Math.max(220, Math.floor((box.clientWidth - 6 * (cols - 1)) / cols) - 18);
    };
    var w = width ? Math.floor(width / 3) : widthOf();
    var unit = K.latencyUnit([s.p95]);
    categoryBars(box, 'spike-p95', 'p95 latency', 'per phase', 'phase', s.phases,
      [{ label: 'p95', color: '--c-p95', value: function (u, v) { return fmtMs(v); } }], [s.p95], unit.label, unit.fmt, w, widthOf);
    categoryBars(box, 'spike-errors', 'Failed requests', '% of the phase\u2019s requests', 'phase', s.phases,
      [{ label: 'failed', color: '--c-err-0', value: function (u, v) { return v == null ? '–' : tick(v) + '%'; } }], [s.errorPct], '%', tick, w, widthOf);
    categoryBars(box, 'spike-rate', 'Sent and served', 'requests sent per second vs successful responses per second', 'phase', s.phases,
      [{ label: 'sent', color: '--c-target', value: function (u, v) { return v == null ? '–' : tick(v) + '/s'; } },
        { label: 'served', color: '--c-ready', value: function (u, v) { return v == null ? '–' : tick(v) + '/s'; } }], [s.sent, s.served], 'req/s', tick, w, widthOf);
  }

  function soakChart(width) {
    var s = data.soak; var box = el('soak-charts');
    if (!s || !box || s.index.length === 0) return;
    var unit = K.latencyUnit([s.avg, s.p95]);
    var trend = s.index.map(function (i) {
      if (!s.trend) return null;
      if (i === s.trend.first) return s.trend.from;
      if (i === s.trend.last) return s.trend.to;
      return null;
    });
    var hasPods = s.podMemoryMiB.some(function (v) { return v != null; });
    var series = [line('avg', '--c-p50', { value: function (u, v) { return fmtMs(v); } }),
      line('p95', '--c-p95', { value: function (u, v) { return fmtMs(v); } }),
      line('avg trend', '--c-trend', { dash: [8, 4], width: 1.5, spanGaps: true, value: function (u, v) { return fmtMs(v); } }),
      line('generator RSS', '--c-desired', { scale: 'mem', width: 1.5, value: function (u, v) { return v == null ? '–' : v + ' MiB'; } })];
    var ys = [s.avg, s.p95, trend, s.rssMb];
    if (hasPods) {
      series.push(line('largest pod', '--c-current', { scale: 'mem', width: 1.5, value: function (u, v) { return v == null ? '–' : v + ' MiB'; } }));
      ys.push(s.podMemoryMiB);
    }
    var per = s.intervalS === 60 ? 'minute' : 'interval (' + s.intervalS + ' s)';
    make(box, 'soak', 'Per ' + per + ': latency and memory', 'left: avg and p95 latency (' + unit.label + ') with the fitted avg trend the drift verdict used; right: memory (MiB)',
      s.index, series, ys, {
        time: false, width: width, height: 240, yLabel: unit.label, yFmt: unit.fmt,
        xScale: { time: false, range: [0.5, s.index.length + 0.5] }, xLabel: per, xFmt: function (v) { return Number.isInteger(v) ? String(v) : ''; },
        xAxis: { incrs: [1, 2, 5, 10, 15, 30, 60, 120, 240, 480] },
        xSeries: { label: per, value: function (u, v) { return v == null ? '–' : String(v); } },
        scales: { mem: { range: K.zeroBased } },
        moreAxes: [K.axis('MiB', tick, 50, { scale: 'mem', side: 1, grid: { show: false } })],
      });
  }

  K.builders.push(function (width) {
    stressChart(width);
    stressRateChart(width);
    spikeCharts(width);
    soakChart(width);
  });
})();
