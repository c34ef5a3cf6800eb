// Card payment pages. Everything here also works without JavaScript: the form has a visible button and the
// "being confirmed" page refreshes itself through a <noscript> meta refresh.
(function () {
  "use strict";
  // The pay page: post the signed form to the gateway at once.
  var form = document.querySelector("form[data-autosubmit]");
  if (form) {
    var note = form.querySelector(".pay-redirecting");
    if (note) { note.hidden = false; }
    form.submit();
  }
  // The "being confirmed" page: swap in the state fragment until it is final.
  var box = document.querySelector("#pay-state[data-poll]");
  if (!box) { return; }
  var url = box.getAttribute("data-poll");
  var delay = 1000 * (parseInt(box.getAttribute("data-poll-seconds"), 10) || 2);
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        box.innerHTML = html;
        var state = box.querySelector("[data-final]");
        if (!state || state.getAttribute("data-final") !== "1") { setTimeout(poll, delay); }
      })
      .catch(function () { setTimeout(poll, delay * 2); });
  }
  setTimeout(poll, delay);
})();
