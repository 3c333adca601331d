// Feedback without leaving the page: progressive enhancement of the item buttons
// (templates/includes/feedback_item.html, which post the page's one shared form)
// and the forms in feedback_general.html. Without this
// file (or without fetch) the forms post normally and the page comes back with
// a thank-you at the item. No inline script or style: the site has a strict CSP.
(function () {
    "use strict";

    if (!window.fetch || !window.FormData || !document.querySelector) {
        return;
    }

    var FAILED = "Uw reactie kon niet worden verstuurd. Probeer het later opnieuw.";

    function setBusy(controls, busy) {
        controls.querySelectorAll("button").forEach(function (button) {
            button.disabled = busy;
        });
        controls.setAttribute("aria-busy", busy ? "true" : "false");
    }

    function announce(container, text) {
        var status = container.querySelector("[data-feedback-status], .feedback__status");
        if (status) {
            status.textContent = text;
        }
        return status;
    }

    // The page has one comment form template (feedback_general.html); each copy
    // gets this item's anchor and ids of its own, so labels stay unique.
    function offerComment(controls, anchor, token) {
        var template = document.querySelector("template[data-feedback-comment]");
        if (!template || !template.content) {
            return;
        }
        var fragment = template.content.cloneNode(true);
        fragment.querySelectorAll("[data-feedback-token]").forEach(function (field) {
            field.value = token;
        });
        fragment.querySelectorAll("input[name=anchor]").forEach(function (field) {
            field.value = anchor;
        });
        ["id", "for", "aria-describedby"].forEach(function (attribute) {
            fragment.querySelectorAll("[" + attribute + "]").forEach(function (element) {
                element.setAttribute(attribute, element.getAttribute(attribute).replace("opmerking", anchor));
            });
        });
        controls.parentNode.insertBefore(fragment, controls.nextSibling);
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form.matches || !form.matches("form[data-feedback-form]")) {
            return;
        }
        // Item buttons belong to the page's shared form (form="feedback-items"); their
        // value is "kind:id:cell:anchor:ja|nee". What is hidden and announced is the
        // pressed button's item; for other forms it is the form itself.
        var submitter = event.submitter;
        var shared = form.hasAttribute("data-feedback-shared");
        if (shared && !(submitter && submitter.name === "vote")) {
            return;
        }
        event.preventDefault();
        var controls = shared ? submitter.closest("fieldset") || submitter.parentNode : form;
        var container = controls.closest("[data-feedback], .feedback") || controls.parentNode;
        var anchorField = form.querySelector("input[name=anchor]");
        var anchor = shared ? submitter.value.split(":")[3] : anchorField ? anchorField.value : "item";
        var data = new FormData(form);
        if (submitter && submitter.name) {
            data.set(submitter.name, submitter.value);
        }
        setBusy(controls, true);
        fetch(form.action, {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {Accept: "application/json"}
        })
            .then(function (response) {
                return response.json().catch(function () {
                    return {};
                }).then(function (body) {
                    return {ok: response.ok, body: body};
                });
            })
            .then(function (result) {
                if (!result.ok) {
                    var message = result.body.error && result.body.error.message;
                    announce(container, message || FAILED);
                    setBusy(controls, false);
                    return;
                }
                if (result.body.comment_token) {
                    offerComment(controls, anchor, result.body.comment_token);
                }
                controls.hidden = true;
                var status = announce(container, result.body.message || "Bedankt voor uw reactie.");
                var field = container.querySelector("form:not([hidden]) textarea");
                if (field && result.body.comment_token) {
                    field.focus();
                } else if (status) {
                    status.tabIndex = -1; // focusable by script only; item markup leaves it out
                    status.focus();
                }
            })
            .catch(function () {
                announce(container, FAILED);
                setBusy(controls, false);
            });
    });
})();
