/* The request-for-quotes form: "Usar mi ubicación actual" fills the hidden coordinates and picks
   "Mi ubicación actual" in the place list, without sending the form. Without this script (or without the
   browser's location) the barrio or city list is the way to say where. */
(function () {
  "use strict";
  var HERE = "aqui";

  function setup(button) {
    if (!("geolocation" in navigator)) return;
    var form = button.closest("form");
    if (!form) return;
    var lat = form.querySelector("[data-lat]");
    var lng = form.querySelector("[data-lng]");
    var place = form.querySelector("[data-place]");
    var status = form.querySelector("[data-locate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = "Buscando tu ubicación…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(5);
          lng.value = pos.coords.longitude.toFixed(5);
          var own = place.querySelector('option[value="' + HERE + '"]');
          if (!own) {
            own = document.createElement("option");
            own.value = HERE;
            own.textContent = "Mi ubicación actual";
            place.insertBefore(own, place.firstChild);
          }
          place.value = HERE;
          if (status) status.textContent = "Usamos tu ubicación actual. Los profesionales ven solo el barrio o la ciudad.";
        },
        function () {
          if (status) status.textContent = "No pudimos obtener tu ubicación: elegí tu barrio o ciudad de la lista.";
        },
        { enableHighAccuracy: true, timeout: 10000, maximumAge: 600000 }
      );
    });
    place.addEventListener("change", function () {
      if (place.value !== HERE) { lat.value = ""; lng.value = ""; }
    });
  }

  document.querySelectorAll("[data-locate]").forEach(setup);
})();
