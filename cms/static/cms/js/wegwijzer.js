// Progressive enhancement for the wegwijzer form: a live count of answered
// questions. The form works the same without this file.
(function () {
    "use strict";

    var form = document.querySelector("[data-wegwijzer-form]");
    if (!form) {
        return;
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
