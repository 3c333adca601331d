// Feedback without leaving the page: progressive enhancement of the forms in
// templates/includes/feedback_item.html and feedback_general.html. Without this
// file (or without fetch) the forms post normally and the page comes back with
// a thank-you at the item. No inline script or style: the site has a strict CSP.
(function () {
    "use strict";

    if (!window.fetch || !window.FormData || !document.querySelector) {
        return;
    }

    var FAILED = "Uw reactie kon niet worden verstuurd. Probeer het later opnieuw.";

    function setBusy(form, busy) {
        form.querySelectorAll("button").forEach(function (button) {
            button.disabled = busy;
        });
        form.setAttribute("aria-busy", busy ? "true" : "false");
    }

    function announce(container, text) {
        var status = container.querySelector("[data-feedback-status]");
        if (status) {
            status.textContent = text;
        }
        return status;
    }

    // The page has one comment form template (feedback_general.html); each copy
    // gets this item's anchor and ids of its own, so labels stay unique.
    function offerComment(container, form, token) {
        var template = document.querySelector("template[data-feedback-comment]");
        if (!template || !template.content) {
            return;
        }
        var fragment = template.content.cloneNode(true);
        var anchorField = form.querySelector("input[name=anchor]");
        var anchor = anchorField ? anchorField.value : "item";
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
        form.parentNode.insertBefore(fragment, form.nextSibling);
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        if (!form.matches || !form.matches("form[data-feedback-form]")) {
            return;
        }
        event.preventDefault();
        var container = form.closest("[data-feedback]") || form.parentNode;
        var data = new FormData(form);
        if (event.submitter && event.submitter.name) {
            data.set(event.submitter.name, event.submitter.value);
        }
        setBusy(form, true);
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
                    setBusy(form, false);
                    return;
                }
                if (result.body.comment_token) {
                    offerComment(container, form, result.body.comment_token);
                }
                form.hidden = true;
                var status = announce(container, result.body.message || "Bedankt voor uw reactie.");
                var field = container.querySelector("form:not([hidden]) textarea");
                if (field && result.body.comment_token) {
                    field.focus();
                } else if (status) {
                    status.focus();
                }
            })
            .catch(function () {
                announce(container, FAILED);
                setBusy(form, false);
            });
    });
})();
