// Draws the bar charts declared by pages: a <canvas id="X-chart"> with its data in
// <script id="X-data" type="application/json">. Direction follows the page (RTL).
(function () {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[id$='-chart']").forEach(function (canvas) {
    var source = document.getElementById(canvas.id.replace(/-chart$/, "-data"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: "#3d6b8c" }] },
      options: {
        indexAxis: "y",
        // A canvas whose box sets its height fills it (data-fill).
        maintainAspectRatio: canvas.dataset.fill !== "true",
        locale: document.documentElement.lang,
        plugins: { legend: { display: false } },
        scales: { x: { beginAtZero: true, max: data.max, reverse: rtl, ticks: { precision: 0 } }, y: { position: rtl ? "right" : "left" } },
      },
    });
  });
})();
