// The "Uw PDF wordt gemaakt" page (templates/pdf/waiting.html): ask every few seconds whether
// the PDF is ready, and start the download when it is. No meta refresh: a page that reloads
// itself on a timer fails WCAG 2.2.1; without JavaScript the visitor uses the page's link.
(function () {
    "use strict";
    var link = document.querySelector("[data-pdf-wait]");
    if (!link || !window.fetch) {
        return;
    }
    var seconds = parseInt(link.getAttribute("data-pdf-wait"), 10) || 2;
    var status = document.querySelector("[data-pdf-status]");
    var tries = 0;

    function check() {
        tries += 1;
        fetch(link.href, {credentials: "same-origin", headers: {Accept: "application/pdf"}})
            .then(function (response) {
                var type = response.headers.get("Content-Type") || "";
                if (response.status === 200 && type.indexOf("application/pdf") === 0) {
                    if (status) {
                        status.textContent = "De PDF is klaar; de download begint.";
                    }
                    window.location.href = link.href;
                } else if (response.status === 202 && tries < 60) {
                    window.setTimeout(check, seconds * 1000);
                } else if (status) {
                    status.textContent = "Het lukt nu niet. Kies hieronder \u2018Kijk of de PDF klaar is\u2019 om het opnieuw te proberen.";
                }
            })
            .catch(function () {
                if (status) {
                    status.textContent = "Geen verbinding. Kies hieronder \u2018Kijk of de PDF klaar is\u2019 om het opnieuw te proberen.";
                }
            });
    }

    if (status) {
        status.textContent = "Deze pagina kijkt elke " + seconds + " seconden of de PDF klaar is; dan begint de download vanzelf.";
    }
    window.setTimeout(check, seconds * 1000);
})();
