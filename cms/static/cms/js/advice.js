// Progressive enhancement for the advice page; every leeswijzer opens without this file.
// - "Alles openklappen" opens or closes every leeswijzer; its state is aria-expanded, and a
//   status message says what happened.
// - Printing (and "Opslaan als PDF") opens every leeswijzer, and closes again afterwards
//   those that were closed. The print stylesheet shows them too where beforeprint never fires.
// - A link to an item inside a closed leeswijzer opens it first.
(function () {
    "use strict";

    var all = Array.prototype.slice.call(document.querySelectorAll("details[data-leeswijzer]"));
    if (!all.length) {
        return;
    }
    var button = document.querySelector("[data-toggle-all]");
    var status = document.querySelector("[data-toggle-status]");

    function allOpen() {
        return all.every(function (details) {
            return details.open;
        });
    }

    function sync() {
        if (!button) {
            return;
        }
        var open = allOpen();
        button.textContent = open ? "Alles dichtklappen" : "Alles openklappen";
        button.setAttribute("aria-expanded", open ? "true" : "false");
    }

    if (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
            var open = !allOpen();
            all.forEach(function (details) {
                details.open = open;
            });
            sync();
            if (status) {
                status.textContent = open
                    ? "Alle " + all.length + " leeswijzers zijn opengeklapt."
                    : "Alle " + all.length + " leeswijzers zijn dichtgeklapt.";
            }
        });
        all.forEach(function (details) {
            details.addEventListener("toggle", sync);
        });
        sync();
    }

    var closedBeforePrint = [];
    window.addEventListener("beforeprint", function () {
        closedBeforePrint = all.filter(function (details) {
            return !details.open;
        });
        closedBeforePrint.forEach(function (details) {
            details.open = true;
        });
    });
    window.addEventListener("afterprint", function () {
        closedBeforePrint.forEach(function (details) {
            details.open = false;
        });
        closedBeforePrint = [];
    });

    function openTarget() {
        var id = decodeURIComponent(window.location.hash.slice(1));
        var target = id && document.getElementById(id);
        var details = target && target.closest("details[data-leeswijzer]");
        if (details && !details.open) {
            details.open = true;
            target.scrollIntoView();
        }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
})();
