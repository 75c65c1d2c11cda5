/* socialguard: the small behaviours HTMX does not cover. Applying a fix puts the fixed text in the compose
   box and asks for a new check; the character counter follows the text; one navigation menu is open at a time
   and a click elsewhere or Escape closes it (the menus are <details>, so they work without this too). */
(function () {
  "use strict";
  function countChars(box) {
    var counter = document.getElementById("char-count");
    if (counter && box) { counter.textContent = Array.from(box.value).length + " / " + box.getAttribute("data-limit"); }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".apply-fix");
    var box = document.getElementById("id_text");
    if (!button || !box) { return; }
    box.value = button.getAttribute("data-fix-text");
    countChars(box);
    box.dispatchEvent(new Event("fix-applied", { bubbles: true }));
    box.focus();
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "id_text") { countChars(event.target); }
  });
  function closeMenus(except) {
    document.querySelectorAll("header.top details.menu[open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) { closeMenus(event.target.closest("header.top details.menu")); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeMenus(null); } });
  document.addEventListener("DOMContentLoaded", function () { countChars(document.getElementById("id_text")); });
})();
