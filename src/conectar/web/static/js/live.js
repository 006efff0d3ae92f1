/* The live channel: one WebSocket to /live (the web app relays the chat feed and the notification count;
   the API tokens stay on the server). Updates the bell, the conversation being read and the trabajo
   being watched; reconnects with the last feed position it saw. */
(function () {
  "use strict";
  if (!("WebSocket" in window)) return;

  var STORE = "conectar.live";
  var RENEW = 4001, UNAUTHENTICATED = 4401, FORBIDDEN = 4403;
  var socket = null, attempts = 0, pingTimer = null, refTimer = 0;
  var pending = {};
  var live = (window.conectar = window.conectar || {}).live = { connected: false };

  function stored() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "{}"); } catch (e) { return {}; }
  }
  function remember(uid, seq) {
    try { sessionStorage.setItem(STORE, JSON.stringify({ uid: uid, seq: seq })); } catch (e) { /* private mode */ }
  }

  function setBell(count) {
    document.querySelectorAll("[data-bell-count]").forEach(function (el) {
      var before = el.textContent;
      el.textContent = String(count);
      el.classList.toggle("is-hidden", !count);
      if (String(count) !== before && count) {
        el.classList.remove("bump"); void el.offsetWidth; el.classList.add("bump");
      }
    });
    document.querySelectorAll("[data-bell]").forEach(function (el) {
      el.setAttribute("aria-label", count ? "Notificaciones: " + count + " sin leer" : "Notificaciones");
    });
  }

  function setDot(on) {
    document.querySelectorAll("[data-live-dot]").forEach(function (el) {
      el.classList.toggle("on", on);
      el.setAttribute("title", on ? "En vivo" : "Reconectando…");
    });
  }

  live.send = function (command) {
    if (!socket || socket.readyState !== 1) return null;
    refTimer += 1;
    command.ref = "r" + Date.now() + "-" + refTimer;
    socket.send(JSON.stringify(command));
    return command.ref;
  };
  live.onReply = function (ref, callback) { pending[ref] = callback; };

  function renew() {
    return fetch("/sesion/renovar", {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": window.conectar.csrfToken ? window.conectar.csrfToken() : "" }
    }).then(function (response) { return response.ok; }, function () { return false; });
  }

  function schedule() {
    attempts += 1;
    var delay = Math.min(30000, 500 * Math.pow(2, Math.min(attempts, 6))) + Math.random() * 500;
    window.setTimeout(connect, delay);
  }

  function onFrame(frame) {
    var state = stored();
    if (frame.type === "hello") {
      if (state.uid !== frame.user_id || state.seq === undefined) remember(frame.user_id, frame.seq);
      return;
    }
    if (frame.type === "feed") {
      remember(state.uid, frame.seq);
      document.dispatchEvent(new CustomEvent("conectar:feed", { detail: frame }));
      return;
    }
    if (frame.type === "notif") {
      if (typeof frame.count === "number") setBell(frame.count);
      if (frame.item && window.conectar.toast) window.conectar.toast(frame.item.titulo || "Nueva notificación", frame.item.mensaje || "", frame.item.url || "");
      return;
    }
    if ((frame.type === "ack" || frame.type === "error") && frame.ref && pending[frame.ref]) {
      var callback = pending[frame.ref];
      delete pending[frame.ref];
      callback(frame);
    }
  }

  function connect() {
    var state = stored();
    var url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/live";
    if (typeof state.seq === "number") url += "?cursor=" + state.seq;
    socket = new WebSocket(url);
    socket.onopen = function () {
      attempts = 0;
      live.connected = true;
      setDot(true);
      window.clearInterval(pingTimer);
      pingTimer = window.setInterval(function () { live.send({ type: "ping" }); }, 25000);
    };
    socket.onmessage = function (event) {
      try { onFrame(JSON.parse(event.data)); } catch (e) { /* ignore a malformed frame */ }
    };
    socket.onclose = function (event) {
      live.connected = false;
      setDot(false);
      window.clearInterval(pingTimer);
      if (event.code === UNAUTHENTICATED || event.code === FORBIDDEN) return;
      if (event.code === RENEW) {
        renew().then(function (ok) { if (ok) connect(); });
        return;
      }
      schedule();
    };
  }

  /* A conversation page: refresh the messages when something happens in it, mark them read, and send
     through the live channel (the form posts normally when the channel is down). */
  function setupConversation() {
    var box = document.querySelector("[data-chat-id]");
    if (!box) return;
    var chatId = box.getAttribute("data-chat-id");
    var list = document.getElementById("messages");
    var form = document.querySelector("[data-composer]");
    var error = document.querySelector("[data-composer-error]");
    function bottom() { if (list) list.scrollTop = list.scrollHeight; }
    function refresh() {
      if (!window.htmx || !list) return;
      window.htmx.ajax("GET", "/chat/" + chatId + "/mensajes", { target: "#messages", swap: "innerHTML" }).then(bottom);
    }
    bottom();
    document.addEventListener("conectar:feed", function (event) {
      var frame = event.detail, data = frame.data || {};
      if (String(data.chat_id || "") !== chatId) return;
      if (frame.kind === "message" || frame.kind === "oferta" || frame.kind === "trabajo") {
        refresh();
        if (frame.kind === "message" && data.sender_id && data.sender_id !== box.getAttribute("data-me") && document.visibilityState === "visible") {
          live.send({ type: "read", chat_id: chatId });
        }
      }
    });
    if (!form) return;
    var input = form.querySelector("textarea[name=text]");
    form.addEventListener("submit", function (event) {
      if (!live.connected || !input.value.trim()) return;
      event.preventDefault();
      var ref = live.send({ type: "send", chat_id: chatId, text: input.value });
      if (!ref) { form.submit(); return; }
      var sent = input.value;
      input.value = "";
      input.style.height = "";
      if (error) error.textContent = "";
      live.onReply(ref, function (frame) {
        if (frame.type === "error") {
          input.value = sent;
          if (error) error.textContent = frame.detail || "No se pudo enviar el mensaje";
        } else {
          if (frame.message && typeof frame.message.text === "string") tellIfMasked(sent, frame.message.text);
          refresh();
        }
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    });
  }

  /* Moderation hid part of what the person sent: say what and why, gently (web/moderation.py says the
     same for messages sent without the live channel). */
  var MASK = "[dato oculto]";
  function count(text, part) { return text.split(part).length - 1; }
  function kindOf(piece) {
    if (/\b(insta(gram)?|ig|face(book)?|fb|telegram|t\.me|wa\.me|whats?app|wsp|tiktok|twitter|x\.com)\b/i.test(piece)) return "una red social";
    if (/@|\barroba\b|\bgmail\b|\bhotmail\b|\byahoo\b|\boutlook\b/i.test(piece)) return "un e-mail";
    if (/https?:\/\/|www\.|\.(com|ar|net|org|ly|ee)\b|\bpunto\s+com\b/i.test(piece)) return "un enlace";
    return /\d/.test(piece) ? "un teléfono" : "";
  }
  function hiddenParts(sent, stored) {
    /* The stored text is the sent one with some pieces replaced by the mask: walk both. */
    var parts = [], chunks = stored.split(MASK), at = 0;
    for (var i = 0; i < chunks.length; i += 1) {
      var found = chunks[i] ? sent.indexOf(chunks[i], at) : at;
      if (found < 0) break;
      if (i > 0 && found > at) parts.push(sent.slice(at, found));
      at = found + chunks[i].length;
    }
    if (chunks.length > 1 && !chunks[chunks.length - 1] && at < sent.length) parts.push(sent.slice(at));
    return parts;
  }
  function tellIfMasked(sent, stored) {
    if (count(stored, MASK) <= count(sent, MASK)) return;
    var box = document.querySelector("[data-moderation-notice]");
    if (!box) return;
    var kinds = [];
    hiddenParts(sent, stored).forEach(function (p) { var k = kindOf(p); if (k && kinds.indexOf(k) < 0) kinds.push(k); });
    var what = kinds.length ? "lo que parecía " + (kinds.length === 1 ? kinds[0] : kinds.slice(0, -1).join(", ") + " y " + kinds[kinds.length - 1]) : "unos datos de contacto";
    box.querySelector("[data-moderation-text]").textContent = "Ocultamos " + what + " de tu mensaje. Para cuidarte, los datos de contacto se comparten recién cuando contratás por la plataforma: así tu pago queda protegido. El resto del mensaje se envió. Si pasa 3 veces, el chat se bloquea.";
    box.hidden = false;
  }
  document.addEventListener("click", function (event) {
    var close = event.target.closest ? event.target.closest("[data-moderation-close]") : null;
    if (close) close.closest("[data-moderation-notice]").hidden = true;
  });

  /* The conversations list (on /chat and beside a conversation) follows the messages as they come: the
     preview, the time and the unread count change and the conversation moves to the top; one the page does
     not show yet brings the list again from the server. */
  function setupChatList() {
    var nav = document.querySelector("nav.chat-list");
    if (!nav) return;
    var open = document.querySelector("[data-chat-id]");
    var openId = open ? open.getAttribute("data-chat-id") : "";
    var me = document.body.getAttribute("data-uid");
    function reload() {
      if (!window.htmx) return;
      window.htmx.ajax("GET", "/chat/lista" + (openId ? "?actual=" + encodeURIComponent(openId) : ""), { target: "nav.chat-list", swap: "outerHTML" }).then(function () {
        nav = document.querySelector("nav.chat-list");
      });
    }
    document.addEventListener("conectar:feed", function (event) {
      var frame = event.detail, data = frame.data || {};
      if (frame.kind !== "message" || !data.chat_id) return;
      var item = nav.querySelector('.chat-item[data-chat="' + data.chat_id + '"]');
      if (!item) { reload(); return; }
      var preview = item.querySelector(".preview");
      if (preview) preview.textContent = (data.text || "").slice(0, 120);
      var side = item.querySelector("[data-chat-when]");
      var mine = data.sender_id && data.sender_id === me;
      if (side) {
        if (!mine && String(data.chat_id) !== openId) {
          var pill = side.querySelector(".pill");
          var unread = pill ? (parseInt(pill.textContent, 10) || 0) + 1 : 1;
          side.innerHTML = "";
          pill = document.createElement("span");
          pill.className = "pill";
          pill.textContent = String(unread);
          side.appendChild(pill);
          item.setAttribute("data-unread", String(unread));
        } else if (!side.querySelector(".pill")) {
          side.textContent = "recién";
        }
      }
      if (nav.firstElementChild !== item) nav.insertBefore(item, nav.firstElementChild);
      item.classList.remove("just-updated"); void item.offsetWidth; item.classList.add("just-updated");
    });
  }

  /* A trabajo (or payment result) page reloads when its trabajo changes state. */
  function setupTrabajo() {
    var watched = document.querySelector("[data-live-trabajo]");
    if (!watched) return;
    var id = watched.getAttribute("data-live-trabajo");
    var shown = watched.getAttribute("data-live-state") || "";
    document.addEventListener("conectar:feed", function (event) {
      var frame = event.detail, data = frame.data || {};
      if (frame.kind !== "trabajo" || String(data.id) !== id) return;
      var state = (data.estado_escrow || "") + "|" + (data.fecha_completado ? "1" : "");
      if (state !== shown) window.location.reload();
    });
  }

  /* Elsewhere: a toast for new messages and the count in the menu. */
  function setupMessageToasts() {
    document.addEventListener("conectar:feed", function (event) {
      var frame = event.detail, data = frame.data || {};
      if (frame.kind !== "message" || document.querySelector('[data-chat-id="' + data.chat_id + '"]')) return;
      var me = document.body.getAttribute("data-uid");
      if (data.sender_id && data.sender_id === me) return;
      if (window.conectar.toast && data.tipo !== "sistema") {
        window.conectar.toast("Nuevo mensaje de " + (data.sender_nombre || "tu contacto"), (data.text || "").slice(0, 80), "/chat/" + data.chat_id);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupConversation();
    setupChatList();
    setupTrabajo();
    setupMessageToasts();
    connect();
  });
})();
