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
      // Line charts: LINE green, then a dark blue; bars: red (blocks) or teal.
      var lines = ["#06c755", "#1d4e89"];
      spec.datasets.forEach(function (dataset, index) {
        var colour = spec.type === "bar" ? (canvas.dataset.chart === "blocks-chart" ? "#c0392b" : "#007d7e") : lines[index % lines.length];
        dataset.borderColor = colour;
        dataset.backgroundColor = spec.type === "bar" ? colour : index === 0 ? "rgba(6, 199, 85, 0.15)" : colour;
        dataset.fill = spec.type === "line" && index === 0;
        dataset.tension = 0.2;
        dataset.spanGaps = true;
      });
      new window.Chart(canvas, {
        type: spec.type,
        data: { labels: spec.labels, datasets: spec.datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          plugins: { legend: { display: spec.datasets.length > 1 } },
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
