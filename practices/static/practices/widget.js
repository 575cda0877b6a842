/*
 * Good Practice Hub widget: lists the newest good practices on a partner's page, in the page's own fonts.
 *
 *   <div data-good-practice-hub data-locale="cs" data-theme="youth" data-country="CZ" data-limit="5"></div>
 *   <script src="https://HUB/embed/widget.js" async></script>
 *
 * It reads /<locale>/feeds/latest.json?type=practice&… from the hub that served this script (a cross-origin GET
 * without credentials, so no cookies go either way) and writes a plain list styled with `font: inherit`; the
 * host page's own CSS can restyle `.good-practice-hub-list`. All text goes in with textContent, never as HTML.
 */
(function () {
  "use strict";

  // The hub that served this script (script.src is absolute); without it, the page's own origin.
  var script = document.currentScript;
  var hub = ((script && script.src.match(/^https?:\/\/[^/]+/)) || [""])[0];

  function element(tag, style, text) {
    var node = document.createElement(tag);
    node.style.cssText = "font: inherit; color: inherit; " + style;
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function render(container, feed) {
    var list = element("ul", "list-style: none; margin: 0; padding: 0;");
    list.className = "good-practice-hub-list";
    feed.items.forEach(function (item) {
      var entry = element("li", "margin: 0 0 0.8em;");
      var link = element("a", "font-weight: bold;", item.title);
      link.href = item.url;
      link.rel = "noopener";
      entry.appendChild(link);
      entry.appendChild(element("p", "margin: 0.2em 0 0;", item.summary));
      list.appendChild(entry);
    });
    if (!feed.items.length) {
      list.appendChild(element("li", "", container.getAttribute("data-empty-text") || "—"));
    }
    container.replaceChildren(list);
  }

  function showError(container, body) {
    var messages = [];
    Object.keys((body && body.errors) || {}).forEach(function (parameter) {
      body.errors[parameter].forEach(function (message) {
        messages.push(parameter + ": " + message);
      });
    });
    container.replaceChildren(element("p", "", "Good Practice Hub: " + (messages.join(" ") || "not available.")));
  }

  function load(container) {
    var locale = container.getAttribute("data-locale") || "en";
    var query = ["type=practice", "limit=" + encodeURIComponent(container.getAttribute("data-limit") || "5")];
    ["theme", "country"].forEach(function (name) {
      var value = container.getAttribute("data-" + name);
      if (value) {
        query.push(name + "=" + encodeURIComponent(value));
      }
    });
    var url = hub + "/" + encodeURIComponent(locale) + "/feeds/latest.json?" + query.join("&");
    fetch(url, { mode: "cors", credentials: "omit" })
      .then(function (response) {
        return response.json().then(function (body) {
          return response.ok ? render(container, body) : showError(container, body);
        });
      })
      .catch(function () {
        showError(container, null);
      });
  }

  function start() {
    document.querySelectorAll("[data-good-practice-hub]").forEach(load);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
