/*
 * Browser side of report.html, run last: the failed-requests filter and span-details toggles, then
 * the kit's start() builds every chart (chart-kit.js, timeline-charts.js, preset-charts.js are
 * inlined before it) with the theme toggle, print and resize handling. Plain ES2017, no imports:
 * it is inlined as is.
 */
(function () {
  'use strict';
  var K = window.scaletraceKit;
  /** Read by tests and handy in devtools: every chart's id, uPlot instance and marks. */
  window.scaletraceReport = { charts: K.charts, data: K.data };

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

  K.start();
})();
