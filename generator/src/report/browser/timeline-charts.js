/*
 * The Timeline: the run's correlated charts on one x axis (seconds since the run started) with one
 * synced cursor; scaling episodes shaded with their lags, stage boundaries and events marked.
 */
(function () {
  'use strict';
  var K = window.scaletraceKit;
  var data = K.data; var css = K.css; var line = K.line; var make = K.make; var fmtNum = K.fmtNum; var fmtMs = K.fmtMs;

  /** Episode bands behind the series, stage lines, events and (optionally) labels on top. */
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
          if (opts.events) {
            ctx.strokeStyle = css('--label'); ctx.fillStyle = css('--label'); ctx.lineWidth = dpr;
            data.events.forEach(function (ev, i) {
              var xe = x(u, ev.atS) + 0.5;
              ctx.beginPath(); ctx.moveTo(xe, b.top); ctx.lineTo(xe, b.top + b.height); ctx.stroke();
              ctx.fillText(ev.label, Math.min(xe + 3 * dpr, b.left + b.width - ctx.measureText(ev.label).width - 2 * dpr), b.top + (2 + 14 * (i % 2)) * dpr);
            });
          }
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

  function perS(unit) { return function (u, v) { return fmtNum(v, unit); }; }

  function loadChart(el, width) {
    var open = data.model === 'open';
    var stageMarks = { plugins: [marks({ stageLabels: true })] };
    if (open) {
      make(el, 'load', 'Load: target, completed, served', 'requests per second: the scenario\u2019s target, completed (failures included) and served (successful responses); stage boundaries dashed',
        data.x, [line('target', '--c-target', { dash: [6, 4], paths: uPlot.paths.stepped({ align: 1 }), value: perS('/s') }),
          line('completed', '--c-rps', { fill: css('--c-rps') + '22', value: perS('/s') }),
          line('served', '--c-ready', { value: perS('/s') })],
        [data.target, data.rps, data.served], Object.assign({ width: width, yLabel: 'req/s' }, stageMarks));
      return;
    }
    // Closed model: VUs on their own (right) axis, requests per second on the left.
    make(el, 'load', 'Load: VUs and requests per second', 'left axis: requests completed and served per second; right axis: target and active VUs; stage boundaries dashed',
      data.x, [line('completed', '--c-rps', { fill: css('--c-rps') + '22', value: perS('/s') }),
        line('served', '--c-ready', { value: perS('/s') }),
        line('target VUs', '--c-target', { dash: [6, 4], paths: uPlot.paths.stepped({ align: 1 }), scale: 'vus', value: perS(' VUs') }),
        line('active VUs', '--c-desired', { scale: 'vus', width: 1.5, value: perS(' VUs') })],
      [data.rps, data.served, data.target, data.vus],
      Object.assign({ width: width, yLabel: 'req/s', scales: { vus: { range: K.zeroBased } }, moreAxes: [K.axis('VUs', K.tick, 50, { scale: 'vus', side: 1, grid: { show: false } })] }, stageMarks));
  }

  function latencyChart(el, width) {
    var unit = K.latencyUnit([data.p50, data.p95, data.p99]);
    make(el, 'latency', 'Latency p50 / p95 / p99', 'per second, from the intended send time (coordinated-omission free); axis in ' + unit.label,
      data.x, [line('p50', '--c-p50', { value: function (u, v) { return fmtMs(v); } }),
        line('p95', '--c-p95', { value: function (u, v) { return fmtMs(v); } }),
        line('p99', '--c-p99', { dash: [5, 3], value: function (u, v) { return fmtMs(v); } })],
      [data.p50, data.p95, data.p99], { width: width, yLabel: unit.label, yFmt: unit.fmt, plugins: [marks({ events: data.events.length > 0 })] });
  }

  function errorsChart(el, width) {
    var note = 'failed requests per second by when they failed (completion time, as in the Failed requests table), stacked by error.type';
    if (data.errorTypes.length === 0) {
      make(el, 'errors', 'Errors by type', 'no failed request', data.x,
        [line('failed', '--c-err-0', { value: perS('') })], [data.x.map(function () { return 0; })], { width: width, yLabel: 'failed/s', plugins: [marks({})] });
      return;
    }
    // Stacked bars: series k draws the sum of types k..n-1, widest first, so each type shows as its own slice.
    var n = data.errorTypes.length; var stacked = []; var series = [];
    // uPlot sizes bars by the closest two x values: the run's last, short bucket (the final tick just
    // after a regular one) would make every bar a hairline, so a bar is at least 60 % of a second wide.
    var minBar = Math.max(1, Math.min(40, 0.6 * ((width || el.clientWidth - 18) - 90) / Math.max(1, data.durationS)));
    for (var k = 0; k < n; k++) {
      var sum = data.x.map(function (_, i) { var t = 0; for (var j = k; j < n; j++) t += data.errors[j][i]; return t; });
      stacked.push(sum);
      (function (raw) {
        series.push({ label: data.errorTypes[k], stroke: css('--c-err-' + Math.min(k, 5)), fill: css('--c-err-' + Math.min(k, 5)), width: 0,
          paths: uPlot.paths.bars({ size: [0.85, 40, minBar], align: -1 }), points: { show: false },
          value: function (u, v, si, idx) { return idx == null ? '–' : String(raw[idx]); } });
      })(data.errors[k]);
    }
    make(el, 'errors', 'Errors by type', note, data.x, series, stacked, { width: width, yLabel: 'failed/s', plugins: [marks({})] });
  }

  function tokensChart(el, width) {
    if (!data.tokens || data.tokens.names.length === 0) return;
    var colors = ['--c-rps', '--c-desired', '--c-ready', '--c-p95'];
    make(el, 'tokens', 'Tokens per second', 'output tokens of the successful responses that completed in each second, per request with extract:',
      data.x, data.tokens.names.map(function (n, i) { return line(n, colors[i % colors.length], { value: perS(' tok/s') }); }),
      data.tokens.perS, { width: width, yLabel: 'tokens/s', plugins: [marks({})] });
  }

  function replicaCharts(el, width) {
    data.hpas.forEach(function (h, i) {
      var step = uPlot.paths.stepped({ align: 1 });
      make(el, 'replicas-' + i, 'Replicas: hpa/' + h.name, 'HPA current and desired, ready pods; shaded: scaling episodes (darker: detection, t0 \u2192 HPA decision; lighter: actuation, decision \u2192 all Ready)',
        h.x, [line('desired', '--c-desired', { paths: step, dash: [6, 3] }), line('current', '--c-current', { paths: step }),
          line('ready', '--c-ready', { paths: step, width: 2.5, fill: css('--c-ready') + '18' }), line('max', '--c-limit', { dash: [2, 4], width: 1 })],
        [h.desired, h.current, h.ready, h.x.map(function () { return h.max; })],
        { width: width, height: 210, yLabel: 'pods', caption: data.episodes.filter(function (e) { return e.hpa === h.name; }).map(function (e) { return e.label; }), yScale: { range: [0, h.max + 1] }, yFmt: function (v) { return Number.isInteger(v) ? v : ''; }, plugins: [marks({ lagLabels: true, hpa: h.name })] });
    });
  }

  K.builders.push(function (width) {
    var el = document.getElementById('charts');
    if (!el) return;
    loadChart(el, width);
    latencyChart(el, width);
    errorsChart(el, width);
    tokensChart(el, width);
    replicaCharts(el, width);
  });
})();
