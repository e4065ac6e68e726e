/*
 * Browser side of report.html, run last: builds every chart (chart-kit.js, timeline-charts.js,
 * preset-charts.js are inlined before it), the theme toggle, print and resize handling, the
 * failed-requests filter and span-details toggles. Plain ES2017, no imports: it is inlined as is.
 */
(function () {
  'use strict';
  var K = window.scaletraceKit;
  var root = document.documentElement;
  var charts = K.charts;
  /** Read by tests and handy in devtools: every chart's id, uPlot instance and marks. */
  window.scaletraceReport = { charts: charts, data: K.data };

  function build(width) { K.builders.forEach(function (b) { b(width); }); }

  function rebuild(width) {
    charts.splice(0).forEach(function (c) {
      var fig = c.uplot.root.parentNode;
      c.uplot.destroy();
      if (fig && fig.parentNode) fig.parentNode.removeChild(fig);
    });
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
      charts.forEach(function (c) { c.uplot.setSize({ width: c.widthOf(), height: c.uplot.height }); });
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
