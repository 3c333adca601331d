"""The "Zet een herinnering in mijn agenda" calendar file, written by the icalendar library.

One all-day event N months from today, with the series' manage link in its
description, so that whoever set it can add the next measurement. No e-mail
address is asked or stored: the file goes to the visitor's own calendar.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from icalendar import Calendar, Event

from .scoring.series import add_months

PRODID = "-//PIANOo//Checklist Organisatie Strategische Inkoop//NL"


def reminder_ics(today: date, months: int, manage_url: str, series_name: str, now: datetime) -> bytes:
    day = add_months(today, months)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"{uuid.uuid4()}@checklist.pianoo")
    event.add("dtstamp", now)
    event.add("dtstart", day)
    event.add("summary", "Checklist Organisatie Strategische Inkoop opnieuw invullen")
    name = f" ({series_name})" if series_name else ""
    event.add(
        "description",
        f"Vul de checklist opnieuw in en zie per thema of uw organisatie vooruit is gegaan{name}.\n"
        f"Uw meetreeks (beheerlink, deel deze niet breder dan nodig): {manage_url}",
    )
    event.add("url", manage_url)
    calendar.add_component(event)
    return calendar.to_ical()
