// The policy editor: after a failed save, put the caret on the line the error names and scroll to it,
// and show which line the caret is on (the error messages cite line numbers).
(function () {
  "use strict";
  const area = document.getElementById("policy-yaml");
  const status = document.getElementById("policy-caret");
  if (!area) return;

  function lineStart(text, line) {
    let at = 0;
    for (let n = 1; n < line && at !== -1; n++) at = text.indexOf("\n", at) + 1 || -1;
    return Math.max(0, at);
  }

  function showCaret() {
    if (!status) return;
    const line = area.value.slice(0, area.selectionStart).split("\n").length;
    status.textContent = status.dataset.label.replace("%(n)s", String(line));
  }

  const errorLine = parseInt(area.dataset.errorLine || "", 10);
  if (errorLine > 0) {
    const start = lineStart(area.value, errorLine);
    const end = area.value.indexOf("\n", start);
    area.focus();
    area.setSelectionRange(start, end === -1 ? area.value.length : end);
    const height = area.scrollHeight / Math.max(1, area.value.split("\n").length);
    area.scrollTop = Math.max(0, (errorLine - 5) * height);
  }
  ["keyup", "click", "focus"].forEach((name) => area.addEventListener(name, showCaret));
  showCaret();
})();
