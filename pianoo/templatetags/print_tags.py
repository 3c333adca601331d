"""{% addresses_once %}…{% endaddresses_once %}: each address printed once on a page (pianoo.addresses)."""

from __future__ import annotations

from django import template
from django.template.base import Parser, Token
from django.template.context import Context
from django.utils.safestring import SafeString, mark_safe

from pianoo.addresses import mark_repeated_addresses

register = template.Library()


class AddressesOnceNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: Context) -> SafeString:
        return mark_safe(mark_repeated_addresses(self.nodelist.render(context)))  # noqa: S308 - rendered markup


@register.tag
def addresses_once(parser: Parser, token: Token) -> AddressesOnceNode:
    nodelist = parser.parse(("endaddresses_once",))
    parser.delete_first_token()
    return AddressesOnceNode(nodelist)
