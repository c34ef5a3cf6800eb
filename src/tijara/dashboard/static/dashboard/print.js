// "Print" buttons of printable pages (a file, not a javascript: link: the Content-Security-Policy runs none).
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
