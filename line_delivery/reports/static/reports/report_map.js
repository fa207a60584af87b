// Maps of the report pages (resident's LIFF page and staff triage), on the vendored
// Leaflet. With no tile URL in the settings the map is a plain grid: pins and clicks
// still work, and the pages show coordinates, nearest 地区 and address as text.
(function () {
  "use strict";

  function create(element, config, options) {
    options = options || {};
    var map = window.L.map(element, {
      center: [config.lat, config.lng],
      zoom: options.zoom || 15,
      attributionControl: Boolean(config.tileUrl),
      zoomControl: false,
    });
    // Leaflet's own buttons are titled in English.
    window.L.control.zoom({ zoomInTitle: "拡大", zoomOutTitle: "縮小" }).addTo(map);
    if (config.tileUrl) {
      window.L.tileLayer(config.tileUrl, {
        maxZoom: 18,
        attribution: config.attribution || "",
      }).addTo(map);
    } else {
      element.classList.add("no-tiles");
    }
    return map;
  }

  function pinIcon(label, level) {
    return window.L.divIcon({
      className: "report-pin report-pin-" + (level || "normal"),
      html: label ? "<span>" + label + "</span>" : "",
      iconSize: [28, 28],
      iconAnchor: [14, 28],
    });
  }

  function config(element) {
    return JSON.parse(element.dataset.mapConfig || "{}");
  }

  window.reportMap = { create: create, pinIcon: pinIcon, config: config };
})();
