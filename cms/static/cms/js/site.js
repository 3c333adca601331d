// Progressive enhancement only: every page works without this file.
(function () {
    "use strict";

    // "Print dit advies": the button stays hidden without JavaScript.
    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
            window.print();
        });
    });
})();
