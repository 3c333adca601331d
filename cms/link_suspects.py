"""Addresses that answer but look wrong: a host without a domain, or a typo of a name used elsewhere.

The source repairs some malformed links, and a repair can keep a typo: the source's
`http:NVZ-inkoprs.nl` becomes `http://NVZ-inkoprs.nl`, while its own text names the
organisation `NVZ-inkopers.nl`. A typo of a domain that does not exist fails the
check anyway (DNS); one that someone registered answers, so status codes alone never
show it. The rule therefore compares each link's host with the domain names the
content itself uses (in item texts and in the other links): a host that differs from
one of them by a letter or two, on the same top-level domain, is reported. Which of
the two is wrong the text cannot tell (the source spells the name both ways), so the
message names both. No list of known misspellings is kept, so a new typo in new
content is found too.
"""

from __future__ import annotations

import difflib
import ipaddress
import re
from collections.abc import Collection, Iterable
from urllib.parse import urlsplit

# A domain name written in running text: "NVZ-inkopers.nl", "www.pianoo.nl".
DOMAIN_IN_TEXT = re.compile(r"(?<![\w@.-])((?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,})(?![\w-])", re.I)
# How alike two hosts must be (difflib's ratio) to count as a typo of each other: the
# source's typo scores 0.97; the closest pair of real, different names in it 0.83.
TYPO_RATIO = 0.9
# Short names differ by a letter too often to call that a typo ("vgn.nl" and "vng.nl" are
# two associations).
MIN_TYPO_LENGTH = 8


def normal_host(host: str) -> str:
    """The host as compared: lower case, no trailing dot, no leading "www."."""
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def host_of(url: str) -> str:
    try:
        return normal_host(urlsplit(url.strip()).hostname or "")
    except ValueError:
        return ""


def domains_in_text(text: str) -> set[str]:
    """The domain names a text mentions, normalised."""
    return {normal_host(match) for match in DOMAIN_IN_TEXT.findall(text)}


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _related(a: str, b: str) -> bool:
    """One is the other or a subdomain of it ("ec.europa.eu" and "europa.eu")."""
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def likely_typo_of(host: str, known: Iterable[str]) -> str:
    """The known host that `host` looks like a typo of, or ""."""
    if len(host) < MIN_TYPO_LENGTH or "." not in host:
        return ""
    tld = host.rsplit(".", 1)[1]
    best, best_ratio = "", TYPO_RATIO
    for other in known:
        if _related(host, other) or other.rsplit(".", 1)[-1] != tld or len(other) < MIN_TYPO_LENGTH:
            continue
        ratio = difflib.SequenceMatcher(None, host, other).ratio()
        if ratio >= best_ratio:
            best, best_ratio = other, ratio
    return best


def suspicion(url: str, known_hosts: Collection[str] = ()) -> str:
    """Why `url` looks wrong, in Dutch for editors, or "" when it looks fine."""
    host = host_of(url)
    if not host:
        return "Geen servernaam in het adres"
    if _is_ip(host):
        return "Een IP-adres in plaats van een domeinnaam"
    if "." not in host:
        return f"Servernaam zonder domein: {host}"
    if not host.rsplit(".", 1)[1].isalpha():
        return f"Onbekend topdomein: {host}"
    typo_of = likely_typo_of(host, known_hosts)
    if typo_of:
        return f"Lijkt op {typo_of}, dat elders in de inhoud staat: een van beide is waarschijnlijk verkeerd gespeld"
    return ""


def known_hosts(texts: Iterable[str], urls: Iterable[str]) -> set[str]:
    """The domain names the content uses: mentioned in its texts or linked to."""
    hosts = {host_of(url) for url in urls}
    for text in texts:
        hosts |= domains_in_text(text)
    hosts.discard("")
    return hosts
