/* socialguard calendar: drag a post onto another day to move it there at the same time of day. Dropping
   fills the post's own "Reschedule" form (a datetime-local field) and sends it, so the server does exactly
   what the form does without script: re-check, and back to approval if the check changed. */
(function () {
  "use strict";
  var dragged = null;
  document.addEventListener("dragstart", function (event) {
    var entry = event.target.closest ? event.target.closest("[data-move-form]") : null;
    if (!entry) { return; }
    dragged = entry;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", entry.getAttribute("data-move-form"));
    entry.classList.add("dragging");
  });
  document.addEventListener("dragend", function () {
    if (dragged) { dragged.classList.remove("dragging"); }
    document.querySelectorAll(".cal-day.drop-target").forEach(function (day) { day.classList.remove("drop-target"); });
    dragged = null;
  });
  document.addEventListener("dragover", function (event) {
    var day = dragged && event.target.closest ? event.target.closest(".cal-day[data-day]") : null;
    if (!day) { return; }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    document.querySelectorAll(".cal-day.drop-target").forEach(function (other) {
      if (other !== day) { other.classList.remove("drop-target"); }
    });
    day.classList.add("drop-target");
  });
  document.addEventListener("drop", function (event) {
    var day = dragged && event.target.closest ? event.target.closest(".cal-day[data-day]") : null;
    if (!day) { return; }
    event.preventDefault();
    var form = document.getElementById(dragged.getAttribute("data-move-form"));
    var field = form && form.querySelector("input[name=scheduled_at]");
    if (!field) { return; }
    var time = field.value.slice(11) || "09:00";
    if (field.value.slice(0, 10) === day.getAttribute("data-day")) { return; }
    field.value = day.getAttribute("data-day") + "T" + time;
    form.requestSubmit();
  });
})();
