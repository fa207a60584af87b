// Draws the dashboard's charts with Chart.js from the JSON next to each canvas.
// Each chart has a table with the same figures (「表で見る」) for screen readers
// and for reading exact values.
(function () {
  "use strict";
  function draw() {
    if (typeof window.Chart === "undefined") {
      return;
    }
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) {
        return;
      }
      var spec = JSON.parse(source.textContent);
      var colour = spec.type === "bar" ? "#c0392b" : "#06c755";
      spec.datasets.forEach(function (dataset) {
        dataset.borderColor = colour;
        dataset.backgroundColor = spec.type === "bar" ? colour : "rgba(6, 199, 85, 0.15)";
        dataset.fill = spec.type === "line";
        dataset.tension = 0.2;
      });
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        },
      });
      canvas.dataset.drawn = "true";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
