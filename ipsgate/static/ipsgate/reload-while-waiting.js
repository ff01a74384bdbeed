// A page that waits for background work (an import being checked or written) marks itself with
// data-ipsgate-reload-while-waiting="<seconds>": reload it after that many seconds, and say so. Without this
// script the page's "Check progress" button does the same.
(function () {
  var waiting = document.querySelector("[data-ipsgate-reload-while-waiting]");
  if (!waiting) {
    return;
  }
  var seconds = parseInt(waiting.getAttribute("data-ipsgate-reload-while-waiting"), 10) || 10;
  var note = document.querySelector("[data-ipsgate-reload-note]");
  if (note) {
    note.hidden = false;
  }
  window.setTimeout(function () {
    window.location.reload();
  }, Math.max(seconds, 5) * 1000);
})();
