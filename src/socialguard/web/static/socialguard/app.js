/* socialguard: the small behaviours HTMX does not cover on every page: one navigation menu is open at a time
   and a click elsewhere or Escape closes it (the menus are <details>, so they work without this too); a
   "select all" box ticks every box of its form (the approvals queue's bulk approval). The compose page has its
   own script (compose/compose.js). */
(function () {
  "use strict";
  function closeMenus(except) {
    document.querySelectorAll("header.top details.menu[open]").forEach(function (menu) {
      if (menu !== except) { menu.removeAttribute("open"); }
    });
  }
  document.addEventListener("click", function (event) { closeMenus(event.target.closest("header.top details.menu")); });
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { closeMenus(null); } });
  document.addEventListener("change", function (event) {
    if (!event.target.matches("[data-select-all]")) { return; }
    event.target.form.querySelectorAll("input[type=checkbox][name=post]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });
})();
