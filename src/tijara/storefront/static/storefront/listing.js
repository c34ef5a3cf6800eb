// Listing pages: choosing a sort order applies it at once. Without JavaScript the <noscript> button does it.
// A static file rather than an onchange attribute: the Content-Security-Policy runs no inline script.
(function () {
  "use strict";
  document.querySelectorAll("select[data-submit-on-change]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
})();
