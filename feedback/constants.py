"""The feedback vocabulary, shared by the model, the validation, the views, the API and the templates."""

from __future__ import annotations

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from cms import item_kinds

# What feedback is about: one of the item kinds (cms/item_kinds.py), or the page as a whole.
ITEM_KINDS = item_kinds.KEYS
GENERAL = "general"
KINDS = (*ITEM_KINDS, GENERAL)
TOOLS = ("wegwijzer", "checklist")

# Lazy: the labels are the cms models' names, and this module is read while models load.
_title = lazy(lambda kind: kind.title, str)
KIND_CHOICES = [*((kind.key, _title(kind)) for kind in item_kinds.ITEM_KINDS), (GENERAL, _("Algemeen"))]
TOOL_CHOICES = [("wegwijzer", _("Wegwijzer")), ("checklist", _("Checklist"))]
CHANNEL_CHOICES = [("form", _("Formulier op de site")), ("api", _("API"))]
ACTIVITY_CHOICES = [("F", "F"), ("A", "A"), ("S", "S"), ("U", "U")]

# Field limits (the model's columns and the validation agree on them).
COMMENT_MAX = 1000
CONTEXT_MAX = 500
CONTEXT_PAIRS_MAX = 60
PAGE_MAX = 300

# The site's forms: query parameters after a post, the anchor of the general form, the honeypot field.
THANKS_PARAM = "bedankt"
# Former query parameter of the comment token; still stripped from return URLs (old links, bookmarks).
TOKEN_PARAM = "reactie"  # noqa: S105 - a query parameter name
# Without JavaScript the comment token after a "Nee" travels in this short-lived cookie, limited
# to the page's path, never in an address: "<anchor>:<token>" (feedback.views, feedback_tags).
COMMENT_COOKIE = "feedback_opmerking"
COMMENT_COOKIE_SECONDS = 15 * 60
GENERAL_ANCHOR = "algemene-feedback"
HONEYPOT = "website"

# What visitors read.
THANKS = "Bedankt voor uw reactie."
THANKS_COMMENT = "Bedankt, uw opmerking is ontvangen."
TOO_BIG = "Uw bericht is te groot. Maak de opmerking korter en probeer het opnieuw."
UNREADABLE = "Uw bericht kon niet worden gelezen. Probeer het opnieuw."
