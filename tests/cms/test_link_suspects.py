"""Addresses that look wrong although they may answer (cms/link_suspects.py)."""

from __future__ import annotations

import pytest

from cms.link_suspects import domains_in_text, known_hosts, suspicion


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://intranet/beleid", "Servernaam zonder domein: intranet"),
        ("https://nvz/", "Servernaam zonder domein: nvz"),
        ("http://10.0.0.5/", "Een IP-adres in plaats van een domeinnaam"),
        ("http://[2001:db8::1]/", "Een IP-adres in plaats van een domeinnaam"),
        ("http:///pad", "Geen servernaam in het adres"),
        ("http://pianoo.123/", "Onbekend topdomein: pianoo.123"),
    ],
)
def test_hosts_that_cannot_be_a_public_domain_are_suspect(url, reason):
    assert suspicion(url) == reason


def test_a_host_a_letter_away_from_a_name_the_content_uses_is_a_likely_typo():
    known = known_hosts(["NVZ-inkopers.nl stelt modellen ter beschikking."], ["http://NVZ-inkoprs.nl"])
    assert suspicion("http://NVZ-inkoprs.nl", known) == (
        "Lijkt op nvz-inkopers.nl, dat elders in de inhoud staat: een van beide is waarschijnlijk verkeerd gespeld"
    )
    # Once the link and the texts agree, nothing is suspect.
    fixed = known_hosts(["NVZ-inkopers.nl stelt modellen ter beschikking."], ["https://www.nvz-inkopers.nl/"])
    assert suspicion("https://www.nvz-inkopers.nl/", fixed) == ""


@pytest.mark.parametrize(
    ("host", "other"),
    [
        ("vgn.nl", "vng.nl"),  # two associations: too short to call a typo
        ("ec.europa.eu", "europa.eu"),  # a subdomain
        ("essay.utwente.nl", "utwente.nl"),
        ("www.pianoo.nl", "pianoo.nl"),  # the same site
        ("inkopers-cafe.nl", "nvz-inkopers.nl"),  # alike, but not a letter or two apart
        ("rijksoverheid.nl", "rijksoverheid.eu"),  # another top-level domain
    ],
)
def test_related_or_merely_similar_names_are_not_typos(host, other):
    assert suspicion(f"https://{host}/", known_hosts([other], [f"https://{host}/"])) == ""


def test_domains_are_found_in_running_text_but_not_in_mail_addresses_or_words():
    text = "Zie www.PIANOo.nl en NVZ-inkopers.nl. Mail info@voorbeeld.nl; versie 2.1 of e.g. tekst."
    assert domains_in_text(text) == {"pianoo.nl", "nvz-inkopers.nl"}


@pytest.mark.django_db
def test_the_sources_mistyped_repair_is_the_only_suspect_link_of_the_real_source(imported_db):
    from cms.link_check_runs import mark_suspects
    from cms.models import Link

    suspects = mark_suspects(list(Link.objects.all()))
    assert [link.url for link in suspects] == ["http://NVZ-inkoprs.nl"]
    assert "nvz-inkopers.nl" in Link.objects.get(url="http://NVZ-inkoprs.nl").suspect_reason
