// Dashboard charts: every <canvas data-chart="{...}"> becomes a Chart.js chart (vendored, no CDN).
(function () {
  "use strict";
  if (typeof window.Chart === "undefined") { return; }
  var palette = ["#1f4e79", "#2e8b57", "#c0504d", "#f0a30a", "#6f42c1", "#17a2b8", "#8c564b", "#e377c2"];
  window.Chart.defaults.animation = false;
  window.Chart.defaults.font.size = 13;

  function draw(canvas) {
    var spec;
    try { spec = JSON.parse(canvas.getAttribute("data-chart")); } catch (e) { return; }
    var options = spec.options || {};
    var datasets = (spec.datasets || []).map(function (set, index) {
      var colour = palette[index % palette.length];
      return {
        label: set.label, data: set.data, borderColor: colour, tension: 0.2, pointRadius: 2,
        backgroundColor: spec.type === "line" ? colour + "33" : colour,
        fill: spec.type === "line" && index === 0,
        barPercentage: options.histogram ? 1.0 : 0.8, categoryPercentage: options.histogram ? 1.0 : 0.8
      };
    });
    var scales = { y: { beginAtZero: true } };
    if (options.min !== undefined) { scales.y.min = options.min; }
    if (options.max !== undefined) { scales.y.max = options.max; }
    if (options.horizontal) { scales = { x: { beginAtZero: true } }; }
    canvas.chart = new window.Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: options.horizontal ? "y" : "x",
        responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: scales
      }
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
})();
