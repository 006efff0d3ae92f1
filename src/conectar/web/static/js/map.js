/* Maps with Leaflet and OpenStreetMap tiles: the search area, and the professional's location picker.
   Without tiles (offline) or without Leaflet the page still works: the map is a decoration.
   A page whose map may stay folded (the search's, closed on phones) does not load Leaflet up front: this
   script's data-leaflet-js / data-leaflet-css name it, and it is fetched the first time a map is drawn
   (its 44 KB and its parsing left the phone's first load; Lighthouse counted them). */
(function () {
  "use strict";

  var self = document.currentScript;
  var leafletJs = self && self.getAttribute("data-leaflet-js");
  var leafletCss = self && self.getAttribute("data-leaflet-css");
  var waiting = null;  /* callbacks while Leaflet loads */

  function withLeaflet(ready) {
    if (window.L) { ready(); return; }
    if (!leafletJs) return;  /* Leaflet missing: the plain map stays */
    if (waiting) { waiting.push(ready); return; }
    waiting = [ready];
    var pending = leafletCss ? 2 : 1;
    function done() {
      pending -= 1;
      if (pending > 0) return;
      var queue = waiting;
      waiting = null;
      if (window.L) queue.forEach(function (fn) { fn(); });
    }
    if (leafletCss) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = leafletCss;
      link.onload = link.onerror = done;
      document.head.appendChild(link);
    }
    var script = document.createElement("script");
    script.src = leafletJs;
    script.onload = script.onerror = done;
    document.head.appendChild(script);
  }

  function tiles(el) {
    return window.L.tileLayer(el.getAttribute("data-tiles"), {
      maxZoom: 18,
      detectRetina: true,  /* sharp tiles on phones' high-density screens */
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    });
  }

  function searchMap(el) {
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    var radius = Math.max(parseFloat(el.dataset.radius) || 5, 1) * 1000;
    var map = window.L.map(el, { scrollWheelZoom: false, attributionControl: true });
    /* The final view first: one set of tiles is fetched and drawn, not a first one thrown away. With
       results, the view holds the searched point and every pin (close pins spread apart). */
    var pins = pinsOf(el);
    if (pins.length) {
      var bounds = window.L.latLngBounds([[lat, lng]].concat(pins.map(function (p) { return [p.lat, p.lng]; })));
      map.fitBounds(bounds.pad(0.25), { padding: [24, 24], maxZoom: 17 });
    } else {
      map.fitBounds(window.L.latLng(lat, lng).toBounds(radius * 2), { padding: [16, 16] });
    }
    tiles(el).addTo(map);
    var area = window.L.circle([lat, lng], { radius: radius, color: "#0f766e", weight: 2, fillOpacity: 0.08 }).addTo(map);
    window.L.marker([lat, lng], { title: "Tu búsqueda", alt: "Punto de búsqueda" }).addTo(map).bindPopup("Buscás desde acá");
    area.bringToFront();
    addPins(map, pins);
    return map;
  }

  /* The results as numbered pins (the same numbers as the list). Positions are approximate: the search
     gives each professional's distance, never their location (web/searchmap.py places them). Drawn as
     HTML markers, so they show on the plain background when the tiles cannot be reached. */
  function pinsOf(el) {
    try { return JSON.parse(el.getAttribute("data-pins") || "[]"); } catch (e) { return []; }
  }

  function addPins(map, pins) {
    pins.forEach(function (pin) {
      var icon = window.L.divIcon({ className: "map-pin", html: String(pin.n), iconSize: [28, 28], iconAnchor: [14, 14] });
      var marker = window.L.marker([pin.lat, pin.lng], { icon: icon, title: pin.n + ". " + pin.nombre, alt: pin.nombre, keyboard: true }).addTo(map);
      var link = document.createElement("a");
      link.href = "/profesionales/" + pin.id;
      link.textContent = pin.nombre;
      var box = document.createElement("div");
      box.appendChild(link);
      if (pin.km !== null && pin.km !== undefined) {
        var km = document.createElement("div");
        km.textContent = "a " + String(pin.km).replace(".", ",") + " km (aprox.)";
        box.appendChild(km);
      }
      marker.bindPopup(box);
    });
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

  function unfolded(root) {
    return Array.prototype.filter.call((root || document).querySelectorAll("[data-map]"), function (el) {
      var folded = el.closest("details");
      return !el._leaflet_id && !(folded && !folded.open);  /* a folded one is drawn when its toggle opens */
    });
  }

  function init(root) {
    if (unfolded(root).length) withLeaflet(function () { draw(root); });
  }

  function draw(root) {
    window.L.Icon.Default.imagePath = "/static/vendor/leaflet/images/";
    /* Leaflet's pin without its shadow: the shadow has no high-density version, so phones got a blurry
       image (Lighthouse: "serves images with low resolution"), and one request less. */
    window.L.Marker.prototype.options.icon = window.L.icon({
      iconUrl: "/static/vendor/leaflet/images/marker-icon.png",
      iconRetinaUrl: "/static/vendor/leaflet/images/marker-icon-2x.png",
      iconSize: [25, 41], iconAnchor: [12, 41], popupAnchor: [1, -34], tooltipAnchor: [16, -28]
    });
    unfolded(root).forEach(function (el) {
      try {
        if (el.dataset.map === "picker") pickerMap(el); else searchMap(el);
      } catch (error) {
        el.classList.add("map-failed");
        if (window.console) console.warn("map", error);
      }
    });
  }

  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (details.matches && details.matches("details[data-map-toggle]") && details.open) init(details);
  }, true);
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function () { init(document); });
})();
