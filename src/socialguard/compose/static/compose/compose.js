/* The compose page's behaviour (the Content-Security-Policy allows no inline script):
   - a brand account sets its own network: the network drop-down follows the account and is locked;
   - picking an image names it in the slot's hidden `chosen` field (before HTMX's check reads the form) and
     shows the next empty image slot;
   - after each live check, Submit is off while the verdict is "blocked" (the server refuses it anyway);
   - "Apply fix" puts the fixed text in the box and asks for a new check; a fix that moves personal data to a
     private message also shows the private message, with a button that copies it.
   The counter and the preview come from the server with each check: the server counts as the network does. */
(function () {
  "use strict";

  function followAccount() {
    var account = document.getElementById("id_account");
    var platform = document.getElementById("id_platform");
    var hint = document.getElementById("platform-hint");
    if (!account || !platform) { return; }
    var fixed = account.options[account.selectedIndex].getAttribute("data-platform");
    if (fixed) { platform.value = fixed; }
    platform.disabled = Boolean(fixed);
    if (hint) { hint.hidden = !fixed; }
  }

  function followVerdict() {
    var submit = document.getElementById("submit-post");
    var note = document.getElementById("submit-blocked");
    var verdict = document.querySelector("#findings [data-outcome]");
    var blocked = Boolean(verdict) && verdict.getAttribute("data-outcome") === "blocked";
    if (submit) { submit.disabled = blocked; }
    if (note) { note.hidden = !blocked; }
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "id_account") { followAccount(); }
    if (target.type === "file" && target.closest(".media-slot")) {
      var slot = target.closest(".media-slot");
      var chosen = slot.querySelector("input[name$='-chosen']");
      if (chosen) { chosen.value = target.files.length ? target.files[0].name : ""; }
      var next = slot.nextElementSibling;
      if (target.files.length && next && next.classList.contains("media-slot")) { next.hidden = false; }
    }
  }, true);  /* capture: before HTMX's own change listener sends the form */

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".apply-fix");
    var box = document.getElementById("id_text");
    if (button && box) {
      var privateText = button.getAttribute("data-private-text");
      var panel = document.getElementById("private-message");
      if (privateText !== null && panel) {
        document.getElementById("private-text").value = privateText;
        panel.hidden = false;
      }
      box.value = button.getAttribute("data-fix-text");
      box.dispatchEvent(new Event("fix-applied", { bubbles: true }));
      box.focus();
    }
    if (event.target.id === "copy-private" && navigator.clipboard) {
      navigator.clipboard.writeText(document.getElementById("private-text").value);
    }
  });

  document.addEventListener("htmx:afterSwap", followVerdict);
  document.addEventListener("DOMContentLoaded", followAccount);
})();
