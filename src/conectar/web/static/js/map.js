/* Maps with Leaflet and OpenStreetMap tiles: the search area, and the professional's location picker.
   Without tiles (offline) or without Leaflet the page still works: the map is a decoration. */
(function () {
  "use strict";

  function tiles(el) {
    return window.L.tileLayer(el.getAttribute("data-tiles"), {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    });
  }

  function searchMap(el) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    var radius = Math.max(parseFloat(el.dataset.radius) || 5, 1) * 1000;
    var map = window.L.map(el, { scrollWheelZoom: false, attributionControl: true });
    tiles(el).addTo(map);
    map.setView([lat, lng], 12);
    var area = window.L.circle([lat, lng], { radius: radius, color: "#0f766e", weight: 2, fillOpacity: 0.08 }).addTo(map);
    window.L.marker([lat, lng], { title: "Tu búsqueda", alt: "Punto de búsqueda" }).addTo(map).bindPopup("Buscás desde acá");
    map.fitBounds(window.L.latLng(lat, lng).toBounds(radius * 2), { padding: [16, 16] });
    area.bringToFront();
    return map;
  }

  function pickerMap(el) {
    var form = el.closest("form");
    var latInput = form.querySelector("[data-lat-input]");
    var lngInput = form.querySelector("[data-lng-input]");
    var city = form.querySelector("select[name=ciudad]");
    var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
    var has = !isNaN(lat) && !isNaN(lng);
    var center = has ? [lat, lng] : [parseFloat(el.dataset.lat), parseFloat(el.dataset.lng)];
    var map = window.L.map(el, { scrollWheelZoom: false });
    tiles(el).addTo(map);
    map.setView(center, has ? 12 : 11);
    var radius = parseFloat(el.dataset.radius || "10") * 1000;
    var marker = null, circle = null;
    function place(point) {
      if (!marker) {
        marker = window.L.marker(point, { draggable: true, title: "Tu base", alt: "Tu ubicación" }).addTo(map);
        circle = window.L.circle(point, { radius: radius, color: "#0f766e", weight: 2, fillOpacity: 0.08 }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      }
      marker.setLatLng(point);
      circle.setLatLng(point);
      var ll = window.L.latLng(point);
      latInput.value = ll.lat.toFixed(5);
      lngInput.value = ll.lng.toFixed(5);
      if (city) city.value = "";
    }
    if (has) place(center);
    map.on("click", function (event) { place(event.latlng); });
    return map;
  }

  function init(root) {
    if (!window.L) return;
    window.L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";
    (root || document).querySelectorAll("[data-map]").forEach(function (el) {
      if (el._leaflet_id) return;
      try {
        if (el.dataset.map === "picker") pickerMap(el); else searchMap(el);
      } catch (error) {
        el.classList.add("map-failed");
        if (window.console) console.warn("map", error);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();
