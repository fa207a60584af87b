// The staff triage map: one pin per report in the list (or the report and its likely
// duplicates on a report's page), each linking to the report.
(function () {
  "use strict";
  var element = document.querySelector("[data-triage-map]");
  var data = document.getElementById("report-pins");
  if (!element || !data || !window.L) { return; }
  var pins = JSON.parse(data.textContent);
  var map = window.reportMap.create(element, window.reportMap.config(element), { zoom: 14 });
  var bounds = [];
  pins.forEach(function (pin) {
    var marker = window.L.marker([pin.lat, pin.lng], {
      icon: window.reportMap.pinIcon("", pin.level),
      title: pin.title,
      alt: pin.title,
      keyboard: true,
    }).addTo(map);
    var link = document.createElement("a");
    link.href = pin.url;
    link.textContent = pin.title;
    marker.bindPopup(link);
    bounds.push([pin.lat, pin.lng]);
  });
  if (bounds.length > 1) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 17 });
  } else if (bounds.length === 1) {
    map.setView(bounds[0], 17);
  }
})();
