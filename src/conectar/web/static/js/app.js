/* ConectarProfesionales: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }
  window.conectar = window.conectar || {};
  window.conectar.csrfToken = csrfToken;

  /* The browser's location for a form ([data-geo-form]): fills lat/lng, picks the place list's "own
     location" option, and submits (a search) unless data-geo-submit="false" (a pedido's form). The place
     list stays as the fallback; choosing a place forgets the location. The form's data-geo-own (the
     option's value), data-geo-own-label, data-geo-done, data-geo-failed and data-geo-precise adapt it. */
  function setupGeo(form) {
    var button = form.querySelector("[data-geo-button]");
    if (!button || !("geolocation" in navigator)) return;
    var lat = form.querySelector("[data-geo-lat]");
    var lng = form.querySelector("[data-geo-lng]");
    var city = form.querySelector("[data-geo-city], select[name=ciudad]");
    var status = form.querySelector("[data-geo-status]");
    var opts = form.dataset;
    var ownValue = opts.geoOwn || "";
    button.hidden = false;
    button.addEventListener("click", function () {
      if (status) status.textContent = "Buscando tu ubicación…";
      navigator.geolocation.getCurrentPosition(
        function (pos) {
          lat.value = pos.coords.latitude.toFixed(5);
          lng.value = pos.coords.longitude.toFixed(5);
          if (city) {
            var own = city.querySelector('option[value="' + ownValue + '"]');
            if (!own) {
              own = document.createElement("option");
              own.value = ownValue;
              own.textContent = opts.geoOwnLabel || "Mi ubicación";
              city.insertBefore(own, city.firstChild);
            }
            city.value = ownValue;
          }
          if (status) status.textContent = opts.geoDone || "Usando tu ubicación actual.";
          if (opts.geoSubmit !== "false") {
            if (form.requestSubmit) form.requestSubmit(); else form.submit();
          }
        },
        function () {
          if (status) status.textContent = opts.geoFailed || "No pudimos obtener tu ubicación: elegí tu ciudad de la lista.";
        },
        { enableHighAccuracy: opts.geoPrecise === "true", timeout: 10000, maximumAge: 600000 }
      );
    });
    if (city) {
      city.addEventListener("change", function () {
        if (city.value !== ownValue) { lat.value = ""; lng.value = ""; }
      });
    }
  }

  /* Progress on every action that takes time: the button that sent a form is disabled (no second
     charge, no second dispute), shows a spinner and says what is happening ("data-busy-text"); a second
     submit of a busy form is ignored. Restored when the page comes back from the history cache, and after
     a while in case the answer was a download. Without JavaScript the browser's own progress applies. */
  var BUSY_RESET_MS = 20000;

  function setBusy(button, busy) {
    if (!button) return;
    if (busy) {
      if (button.classList.contains("is-busy")) return;
      button.classList.add("is-busy");
      button.disabled = true;
      button.setAttribute("aria-busy", "true");
      var text = button.getAttribute("data-busy-text");
      if (text) {
        button.setAttribute("data-idle-html", button.innerHTML);
        button.textContent = text;
      }
      return;
    }
    if (!button.classList.contains("is-busy")) return;
    button.classList.remove("is-busy");
    button.disabled = false;
    button.removeAttribute("aria-busy");
    var idle = button.getAttribute("data-idle-html");
    if (idle !== null) { button.innerHTML = idle; button.removeAttribute("data-idle-html"); }
  }

  function submitterOf(form, event) {
    var button = event.submitter;
    if (!button || button.form !== form || button.tagName !== "BUTTON") {
      button = form.querySelector("button[type=submit], button:not([type])");
    }
    return button && !button.hasAttribute("data-keep-enabled") ? button : null;
  }

  function resetBusy(root) {
    (root || document).querySelectorAll(".is-busy").forEach(function (b) { setBusy(b, false); });
    (root || document).querySelectorAll("form[data-busy]").forEach(function (f) { f.removeAttribute("data-busy"); });
  }
  window.conectar.setBusy = setBusy;

  /* Buttons that ask before doing something that cannot be undone. */
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) return;  /* another script sends it its own way (the live chat) */
    if (form.hasAttribute("data-busy")) {
      event.preventDefault();
      return;
    }
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (form.hasAttribute("hx-get") || form.hasAttribute("hx-post")) return;  /* htmx:beforeRequest below */
    var button = submitterOf(form, event);
    if (!button) return;
    form.setAttribute("data-busy", "");  /* now: a second submit in this same turn is refused too */
    /* The button after this turn: the submitter's name and value must still go with the form. */
    window.setTimeout(function () {
      if (event.defaultPrevented) { form.removeAttribute("data-busy"); return; }
      setBusy(button, true);
      window.setTimeout(function () { form.removeAttribute("data-busy"); setBusy(button, false); }, BUSY_RESET_MS);
    }, 0);
  });
  window.addEventListener("pageshow", function (event) { if (event.persisted) resetBusy(); });

  /* HTMX requests (search filters, live partials): the sending form's button and the region being
     replaced say they are busy; "data-loading" elements inside that region show. */
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.tagName === "FORM") setBusy(submitterOf(elt, { submitter: null }), true);
    var target = event.detail && event.detail.target;
    if (target && target.hasAttribute && target.hasAttribute("data-loading-region")) {
      target.setAttribute("aria-busy", "true");
      target.classList.add("is-loading");
    }
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail && event.detail.elt;
    if (elt && elt.tagName === "FORM") resetBusy(elt);
    document.querySelectorAll("[data-loading-region].is-loading").forEach(function (region) {
      region.classList.remove("is-loading");
      region.removeAttribute("aria-busy");
    });
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
    closeSheets();
    var menu = document.getElementById("menu");
    if (menu) menu.classList.remove("open");
    document.querySelectorAll("details.user-menu[open]").forEach(function (d) { d.removeAttribute("open"); });
  });

  /* Copy buttons and autosize text areas. */
  function fitText(area) {
    area.style.height = "auto";
    area.style.height = Math.min(area.scrollHeight, 180) + "px";
  }
  document.addEventListener("input", function (event) {
    var area = event.target;
    if (area.matches && area.matches("textarea[data-autosize]")) fitText(area);
  });
  /* A box that comes already written (hiring again, a refused message kept) shows all of it. */
  document.querySelectorAll("textarea[data-autosize]").forEach(function (area) { if (area.value) fitText(area); });

  /* The search box suggests as the person types (oficios, the words people use for them, instant
     services; typos forgiven: GET /buscar/sugerencias). An ARIA combobox: arrows move, Enter or a tap
     searches the suggestion, Escape closes. Without JavaScript the box keeps its <datalist>. */
  function setupSuggest(input) {
    if (input.hasAttribute("data-suggest-ready") || !window.fetch || !input.form) return;
    input.setAttribute("data-suggest-ready", "");
    var form = input.form;
    var id = input.id + "-sugerencias";
    var list = document.createElement("ul");
    list.id = id;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Sugerencias");
    list.hidden = true;
    input.removeAttribute("list");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id);
    input.parentNode.appendChild(list);
    var items = [], active = -1, timer = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (li, i) { li.setAttribute("aria-selected", i === index ? "true" : "false"); });
      if (index >= 0) input.setAttribute("aria-activedescendant", id + "-" + index); else input.removeAttribute("aria-activedescendant");
    }
    function choose(index) {
      var chosen = items[index];
      if (!chosen) return;
      input.value = chosen.texto;
      close();
      if (form.requestSubmit) form.requestSubmit(); else form.submit();
    }
    function render(found) {
      list.textContent = "";
      items = found;
      found.forEach(function (suggestion, i) {
        var li = document.createElement("li");
        li.id = id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var text = document.createElement("span");
        text.className = "suggestion-text";
        text.textContent = suggestion.texto;
        var detail = document.createElement("span");
        detail.className = "suggestion-detail";
        detail.textContent = suggestion.detalle;
        li.appendChild(text);
        li.appendChild(detail);
        li.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = !found.length;
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      active = -1;
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      var asked = input.value.trim();
      if (asked.length < 2) { close(); return; }
      timer = window.setTimeout(function () {
        fetch("/buscar/sugerencias?q=" + encodeURIComponent(asked), { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { sugerencias: [] }; })
          .then(function (data) { if (input.value.trim() === asked) render(data.sugerencias || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden || !items.length) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); close(); }  /* the list, not the text */
    });
    input.addEventListener("blur", function () { window.setTimeout(close, 120); });
  }

  /* Sections open on wide screens and folded on phones (search filters, the results' map). */
  function wide() { return !!(window.matchMedia && window.matchMedia("(min-width: 960px)").matches); }
  function openOnDesktop(root) {
    if (!wide() || !root.querySelectorAll) return;
    root.querySelectorAll("details[data-open-desktop]:not([data-seen])").forEach(function (d) {
      d.setAttribute("data-seen", "");
      d.open = true;
    });
  }

  /* The search's bottom sheet on a phone: "Listo" closes it, and so does asking for the results. */
  function closeSheets() {
    if (wide()) return;
    document.querySelectorAll("details[data-sheet][open]").forEach(function (d) { d.open = false; });
  }
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-sheet-close]")) closeSheets();
  });
  document.addEventListener("submit", function (event) {
    if (event.target.querySelector && event.target.querySelector("details[data-sheet]")) closeSheets();
  }, true);

  /* Pages that poll until something changes (payment return) stop when told to. */
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-geo-form]").forEach(setupGeo);
    document.querySelectorAll("input[data-suggest]").forEach(setupSuggest);
    openOnDesktop(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var root = event.detail && event.detail.elt ? event.detail.elt : document;
    if (root.querySelectorAll) root.querySelectorAll("[data-geo-form]").forEach(setupGeo);
    openOnDesktop(document);
  });
})();
