/* The inbox list's keyboard shortcuts and bulk selection (a static file: the Content-Security-Policy allows no
   inline script). j/k move between mentions, o or Enter opens one, x selects it, a assigns to me and e closes
   (the selected mentions, else the current one, through the bulk form so the server's rules apply), / goes
   to the search box and ? shows the help. No shortcut fires while a field has the focus or with Ctrl, Alt or
   Meta held. "Select all on this page" and the selected count follow the checkboxes; HTMX swaps of the
   rows start again at the first mention. */
(function () {
  "use strict";
  var current = -1;

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#mentions tr.mention")); }
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll("#bulk input[name=mention]")); }

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toLowerCase();
    if (tag === "textarea" || tag === "select" || target.isContentEditable) { return true; }
    return tag === "input" && target.type !== "checkbox" && target.type !== "radio";
  }

  function showSelected() {
    var all = boxes(), chosen = all.filter(function (box) { return box.checked; });
    var count = document.getElementById("selected-count"), pageBox = document.getElementById("select-page");
    all.forEach(function (box) { box.closest("tr").classList.toggle("selected", box.checked); });
    if (count) { count.textContent = chosen.length ? chosen.length + " / " + all.length : count.getAttribute("data-none"); }
    if (pageBox) {
      pageBox.checked = all.length > 0 && chosen.length === all.length;
      pageBox.indeterminate = chosen.length > 0 && chosen.length < all.length;
    }
  }

  function moveTo(index) {
    var list = rows();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(index, list.length - 1));
    list.forEach(function (row, i) {
      row.classList.toggle("current", i === current);
      if (i === current) { row.setAttribute("aria-current", "true"); } else { row.removeAttribute("aria-current"); }
    });
    var link = list[current].querySelector("a.open");
    if (link) { link.focus({ preventScroll: true }); }
    list[current].scrollIntoView({ block: "nearest" });
  }

  function currentRow() { var list = rows(); return current >= 0 && current < list.length ? list[current] : null; }

  /* Submit the bulk form for the selected mentions, else for the current one only. */
  function act(action, field, value) {
    var form = document.getElementById("bulk"), row = currentRow();
    if (!form) { return; }
    var chosen = boxes().filter(function (box) { return box.checked; });
    if (!chosen.length) {
      if (!row) { return; }
      row.querySelector("input[name=mention]").checked = true;
    }
    if (field) { form.querySelector("[name=" + field + "]").value = value; }
    var button = form.querySelector("button[name=action][value=" + action + "]");
    if (button) { form.requestSubmit(button); }
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts");
    if (!help) { return; }
    if (help.open) { help.close(); } else { help.showModal(); }
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) { return; }
    if (typing(event.target) || !document.getElementById("mentions")) { return; }
    var help = document.getElementById("shortcuts");
    if (help && help.open && event.key !== "?") { return; }
    var handled = true;
    switch (event.key) {
      case "j": moveTo(current + 1); break;
      case "k": moveTo(current < 0 ? 0 : current - 1); break;
      case "Enter":  /* on a focused link or button the browser's own Enter applies */
        if (event.target !== document.body || !currentRow()) { handled = false; break; }
        currentRow().querySelector("a.open").click();
        break;
      case "o": if (currentRow()) { currentRow().querySelector("a.open").click(); } break;
      case "x":
        if (currentRow()) {
          var box = currentRow().querySelector("input[name=mention]");
          box.checked = !box.checked;
          showSelected();
        }
        break;
      case "a": act("assign", "to", "me"); break;
      case "e": act("close"); break;
      case "/": var search = document.getElementById("inbox-search"); if (search) { search.focus(); search.select(); } break;
      case "?": toggleHelp(); break;
      default: handled = false;
    }
    if (handled) { event.preventDefault(); }
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "select-page") {
      boxes().forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.closest && event.target.closest("#bulk")) { showSelected(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "show-shortcuts") { toggleHelp(); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id === "mentions") { current = -1; showSelected(); }
  });
  document.addEventListener("DOMContentLoaded", showSelected);
})();
