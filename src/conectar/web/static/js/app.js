/* ConectarProfesionales: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  window.conectar = window.conectar || {};
  window.conectar.csrfToken = csrfToken;

  /* Search from the browser's location: fills lat/lng and submits; the city list stays as the fallback. */
  function setupGeo(form) {
    var button = form.querySelector("[data-geo-button]");
    if (!button || !("geolocation" in navigator)) return;
    var lat = form.querySelector("[data-geo-lat]");
    var lng = form.querySelector("[data-geo-lng]");
    var city = form.querySelector("[data-geo-city], select[name=ciudad]");
    var status = form.querySelector("[data-geo-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = "Buscando tu ubicación…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(5);
          lng.value = pos.coords.longitude.toFixed(5);
          if (city) {
            var own = city.querySelector('option[value=""]');
            if (!own) {
              own = document.createElement("option");
              own.value = "";
              own.textContent = "Mi ubicación";
              city.insertBefore(own, city.firstChild);
            }
            city.value = "";
          }
          if (status) status.textContent = "Usando tu ubicación actual.";
          if (form.requestSubmit) form.requestSubmit(); else form.submit();
        },
        function () {
          if (status) status.textContent = "No pudimos obtener tu ubicación: elegí tu ciudad de la lista.";
        },
        { enableHighAccuracy: false, timeout: 8000, maximumAge: 600000 }
      );
    });
    if (city) {
      city.addEventListener("change", function () {
        if (city.value) { lat.value = ""; lng.value = ""; }
      });
    }
  }

  /* Buttons that ask before doing something that cannot be undone. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var button = form.querySelector("button[type=submit]:not([data-keep-enabled])");
    if (button && !form.hasAttribute("hx-get") && !form.hasAttribute("hx-post")) {
      window.setTimeout(function () { button.disabled = true; button.setAttribute("aria-busy", "true"); }, 0);
    }
  });

  /* A toast in the corner (live notifications, chat errors). */
  window.conectar.toast = function (title, text, url) {
    var box = document.querySelector("[data-toasts]");
    if (!box) return;
    var toast = document.createElement("div");
    toast.className = "toast";
    var strong = document.createElement("strong");
    strong.textContent = title;
    toast.appendChild(strong);
    if (text) {
      var span = document.createElement("span");
      span.textContent = text + " ";
      toast.appendChild(span);
    }
    if (url) {
      var link = document.createElement("a");
      link.href = url;
      link.textContent = "Ver";
      toast.appendChild(link);
    }
    box.appendChild(toast);
    window.setTimeout(function () { toast.remove(); }, 7000);
  };

  /* The phone menu opens in place (without JavaScript the link shows it with :target). */
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest ? event.target.closest("[data-nav-toggle]") : null;
    var menu = document.getElementById("menu");
    if (toggle && menu) {
      event.preventDefault();
      var open = !menu.classList.contains("open");
      menu.classList.toggle("open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) { var first = menu.querySelector("a"); if (first) first.focus(); }
      return;
    }
    if (menu && menu.classList.contains("open") && !menu.contains(event.target)) {
      menu.classList.remove("open");
      document.querySelectorAll("[data-nav-toggle]").forEach(function (t) { t.setAttribute("aria-expanded", "false"); });
    }
    document.querySelectorAll("details.user-menu[open]").forEach(function (details) {
      if (!details.contains(event.target)) details.removeAttribute("open");
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var menu = document.getElementById("menu");
    if (menu) menu.classList.remove("open");
    document.querySelectorAll("details.user-menu[open]").forEach(function (d) { d.removeAttribute("open"); });
  });

  /* Copy buttons and autosize text areas. */
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area.matches && area.matches("textarea[data-autosize]")) {
      area.style.height = "auto";
      area.style.height = Math.min(area.scrollHeight, 180) + "px";
    }
  });

  /* Pages that poll until something changes (payment return) stop when told to. */
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-geo-form]").forEach(setupGeo);
    if (window.matchMedia && window.matchMedia("(min-width: 960px)").matches) {
      document.querySelectorAll("details[data-open-desktop]").forEach(function (d) { d.open = true; });
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt ? event.detail.elt : document;
    if (root.querySelectorAll) root.querySelectorAll("[data-geo-form]").forEach(setupGeo);
  });
})();
