/* Autocomplete for the site header's search box (progressive enhancement: without this file the form works as
   is). Suggestions are item titles from /api/feed/v1/search/suggest/; choosing one opens the item. It follows the
   WAI-ARIA combobox pattern with a listbox popup: aria-expanded, aria-controls, aria-activedescendant, arrow keys,
   Enter, Escape. Every visible or announced string comes from the template's data attributes (gettext). */
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY_MS = 200;

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    if (!input || !window.fetch) return;
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "site-search__suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.dataset.suggestionsLabel || "");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var pending = null;
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i++) all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function show(suggestions) {
      close();
      if (!suggestions.length) {
        status.textContent = "";
        return;
      }
      suggestions.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("lang", suggestion.locale);
        option.dataset.url = suggestion.url;
        option.textContent = suggestion.title;
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();  // keep the focus in the input until the page changes
          window.location.assign(suggestion.url);
        });
        list.appendChild(option);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = (form.dataset.statusTemplate || "").replace("%(count)s", suggestions.length);
    }

    function suggest() {
      var text = input.value.trim();
      if (pending) pending.abort();
      if (text.length < MIN_LENGTH) {
        close();
        return;
      }
      pending = new AbortController();
      var url = form.dataset.suggestUrl + "?" + new URLSearchParams({ q: text, locale: form.dataset.locale });
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (body) {
          if (input.value.trim() === text) show(body.suggestions || []);
        })
        .catch(function () {
          /* aborted by newer typing, or offline: the form still submits as usual */
        });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(suggest, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        if (!open) return suggest();
        event.preventDefault();
        highlight(active + 1);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].dataset.url);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("form.site-search[data-suggest-url]").forEach(enhance);
})();
