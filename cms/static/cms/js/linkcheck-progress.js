// The link report without reloading: while a check runs, the live region reads the
// progress every few seconds, and the page reloads once the check is done so that the
// listing shows its results. Without JavaScript the "Voortgang vernieuwen" link does this.
(function () {
  "use strict";
  var status = document.getElementById("linkcheck-status");
  if (!status || !status.hasAttribute("data-linkcheck-running") || !window.fetch) {
    return;
  }
  var url = status.getAttribute("data-linkcheck-progress");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          return;
        }
        if (!data.running) {
          window.location.reload();
          return;
        }
        status.textContent = data.text;
        window.setTimeout(poll, 3000);
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 3000);
})();
