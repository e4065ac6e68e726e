/*
 * The chart kit of report.html and compare.html: formatting, axes, series, `make` (one uPlot chart
 * in a figure) and `start` (build every chart; theme toggle, print and resize). Plain ES2017,
 * inlined before the page's own scripts (chart-page.ts); it only defines window.scaletraceKit.
 */
(function () {
  'use strict';
  var root = document.documentElement;
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  /** Every chart: id, uPlot instance, and what tests and devtools may read (marks). */
  var charts = [];
  var SYNC_KEY = 'scaletrace-run';
  /** Whole seconds only: a 2-s run never labels two ticks "0:00" (uPlot's default increments go down to 0.1). */
  var TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

  function css(name) { return getComputedStyle(root).getPropertyValue(name).trim(); }
  function fmtS(s) {
    if (s == null || !isFinite(s)) return '–';
    var neg = s < 0; s = Math.round(Math.abs(s));
    var h = Math.floor(s / 3600); var m = Math.floor((s % 3600) / 60); var r = s % 60;
    var mm = h > 0 && m < 10 ? '0' + m : String(m);
    return (neg ? '-' : '') + (h > 0 ? h + ':' : '') + mm + ':' + (r < 10 ? '0' + r : r);
  }
  function fmtMs(v) {
    if (v == null) return '–';
    if (v >= 1000) return (v / 1000).toFixed(2) + ' s';
    if (v >= 10) return v.toFixed(0) + ' ms';
    return v.toFixed(1) + ' ms';
  }
  function fmtNum(v, unit) { return v == null ? '–' : (Math.round(v * 10) / 10) + (unit || ''); }
  /** Tick text without float noise: 0.30000000000000004 → "0.3". */
  function tick(v) { return v == null ? '' : String(+v.toFixed(3)); }

  /**
   * A latency axis whose label and ticks agree: "ms" with ms ticks, or "s" with second ticks once
   * the data reaches a second (never "ms" over "1s 2s").
   */
  function latencyUnit(arrays) {
    var max = 0;
    arrays.forEach(function (a) { a.forEach(function (v) { if (v != null && v > max) max = v; }); });
    return max >= 1000
      ? { label: 's', fmt: function (v) { return tick(v / 1000); } }
      : { label: 'ms', fmt: tick };
  }

  function axis(unitLabel, fmt, size, extra) {
    var a = {
      stroke: css('--muted'), grid: { stroke: css('--grid'), width: 1 }, ticks: { stroke: css('--grid'), width: 1 },
      size: size || 60, label: unitLabel, labelSize: 18, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif',
      values: fmt ? function (u, vals) { return vals.map(fmt); } : undefined,
    };
    for (var k in extra || {}) a[k] = extra[k];
    return a;
  }
  function timeAxis() { return axis('', fmtS, 30, { incrs: TIME_INCRS, space: 44 }); }

  function line(label, color, extra) {
    var s = { label: label, stroke: css(color), width: 2, points: { show: false }, spanGaps: false };
    for (var k in extra || {}) s[k] = extra[k];
    return s;
  }

  function zeroBased(u, mn, mx) { return [0, mx > 0 ? mx * 1.12 : 1]; }

  /**
   * One chart in a <figure> appended to `container`. o: width/height, yLabel/yFmt (the left axis),
   * axes/scales (replace or add), time (default true: the run's synced time axis), mode 2 (x,y pairs
   * per series), plugins, caption lines, marks (read by tests), widthOf (for resizes).
   */
  function make(container, id, title, note, xs, series, ys, o) {
    o = o || {};
    var box = document.createElement('figure');
    box.className = 'chart'; box.id = 'chart-' + id; box.style.margin = '0';
    box.innerHTML = '<h3></h3>' + (note ? '<p class="note"></p>' : '');
    box.querySelector('h3').textContent = title;
    if (note) box.querySelector('.note').textContent = note;
    container.appendChild(box);
    var widthOf = o.widthOf || function () { return Math.max(320, container.clientWidth - 18); };
    var time = o.time !== false;
    var scales = { x: time ? { time: false, range: [0, Math.max(1, data.durationS)] } : (o.xScale || { time: false }), y: o.yScale || { range: zeroBased } };
    for (var k in o.scales || {}) scales[k] = o.scales[k];
    var opts = {
      width: o.width || widthOf(), height: o.height || 190,
      cursor: time ? { sync: { key: SYNC_KEY }, drag: { x: false, y: false }, points: { size: 6 } } : (o.cursor || { drag: { x: false, y: false } }),
      legend: { live: o.mode !== 2 },
      scales: scales,
      axes: o.axes || [time ? timeAxis() : axis(o.xLabel || '', o.xFmt, 44, o.xAxis)].concat([axis(o.yLabel || '', o.yFmt)], o.moreAxes || []),
      series: (o.mode === 2 ? [{}] : [time ? { label: 'time', value: function (u, v) { return v == null ? '–' : '+' + fmtS(v); } } : (o.xSeries || { label: 'x' })]).concat(series),
      plugins: o.plugins || [],
    };
    if (o.mode === 2) opts.mode = 2;
    var u = new uPlot(opts, o.mode === 2 ? [null].concat(ys) : [xs].concat(ys), box);
    if ((o.caption || []).length > 0) {
      var ul = document.createElement('ul'); ul.className = 'caption';
      o.caption.forEach(function (text) { var li = document.createElement('li'); li.textContent = text; ul.appendChild(li); });
      box.appendChild(ul);
    }
    var entry = { id: id, uplot: u, marks: o.marks || {}, widthOf: widthOf };
    charts.push(entry);
    return entry;
  }

  /** Builders in page order, each `function (width)`; start() runs them (again after a theme change). */
  var builders = [];
  function build(width) { builders.forEach(function (b) { b(width); }); }

  function rebuild(width) {
    charts.splice(0).forEach(function (c) {
      var fig = c.uplot.root.parentNode;
      c.uplot.destroy();
      if (fig && fig.parentNode) fig.parentNode.removeChild(fig);
    });
    build(width);
  }

  /** Builds every chart, then keeps them right: the theme toggle, print, resize. The page's last script calls it. */
  function start() {
    // Theme: auto (the OS preference) → light → dark, remembered when storage is allowed.
    var MODES = ['auto', 'light', 'dark'];
    var toggle = document.getElementById('theme-toggle');
    var storedMode = function () { try { return localStorage.getItem('scaletrace-theme') || 'auto'; } catch (e) { return 'auto'; } };
    var applyMode = function (m, redraw) {
      if (m === 'auto') root.removeAttribute('data-theme'); else root.setAttribute('data-theme', m);
      if (toggle) toggle.textContent = 'theme: ' + m;
      if (redraw) rebuild();
    };
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
        charts.forEach(function (c) { c.uplot.setSize({ width: c.widthOf(), height: c.uplot.height }); });
      }, 100);
    });

    build();
  }

  window.scaletraceKit = {
    data: data, charts: charts, css: css, fmtS: fmtS, fmtMs: fmtMs, fmtNum: fmtNum, tick: tick,
    latencyUnit: latencyUnit, axis: axis, line: line, make: make, zeroBased: zeroBased,
    builders: builders, start: start,
  };
})();
