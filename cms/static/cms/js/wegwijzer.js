// Progressive enhancement for the wegwijzer form; the form works the same without this file.
// - A live count of answered questions.
// - Opened at a question ("Wijzig" on the advice page, /wegwijzer/?q1=..#vraag-3): the
//   fieldset itself takes the focus without JavaScript (tabindex="-1"); here focus moves on
//   to its chosen answer, or its first, so that arrow keys change it at once.
(function () {
    "use strict";

    var form = document.querySelector("[data-wegwijzer-form]");
    if (!form) {
        return;
    }

    var match = /^#vraag-\d+$/.exec(window.location.hash);
    var question = match && document.getElementById(window.location.hash.slice(1));
    if (question && form.contains(question)) {
        var radio =
            question.querySelector("input[type=radio]:checked") ||
            question.querySelector("input[type=radio]");
        if (radio) {
            radio.focus({ preventScroll: true });
        }
    }

    var output = form.querySelector("[data-progress]");
    var fieldsets = form.querySelectorAll("fieldset");
    if (!output || !fieldsets.length) {
        return;
    }

    function update() {
        var answered = 0;
        fieldsets.forEach(function (fieldset) {
            if (fieldset.querySelector("input[type=radio]:checked")) {
                answered += 1;
            }
        });
        output.textContent =
            "U heeft " + answered + " van de " + fieldsets.length + " vragen beantwoord.";
    }

    output.hidden = false;
    update();
    form.addEventListener("change", update);
})();
