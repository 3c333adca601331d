"""Writing a parsed `Document` into the database: idempotent, and safe for editors' work.

Every imported record has a `source_key`. A re-import updates exactly that
record; when an editor changed it since the last import (its fingerprint no
longer matches, or it has unpublished changes), it is left alone and reported
as skipped, unless `force` is given. An item an editor deleted has a tombstone
(`DeletedImport`): it stays deleted and is reported as such, unless `force`.
An update names the fields it changed (`Report.changes`). See docs/importer.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import escape
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from cms import item_kinds
from cms.item_kinds import ITEM_KINDS
from cms.models import (
    Activity,
    Answer,
    ChecklistStatement,
    ChecklistTheme,
    ContentItem,
    Link,
    Question,
    ScaleStep,
)
from cms.models.imported import Imported, fingerprint
from cms.rich_text import normalise_rich_text, shared_link_tag

from .models import DeletedImport
from .parser.document import Document, Item, ParseWarning, Theme


@dataclass
class Report:
    """What an import did, per record: the summary the command prints."""

    found: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # Per updated record, the (Dutch) names of the fields the import set back or changed.
    changes: dict[str, list[str]] = field(default_factory=dict)

    def outcome(self, key: str, outcome: str) -> None:
        self.found += 1
        getattr(self, outcome).append(key)


@dataclass
class DistinctItem:
    """One distinct item of the source and every place it appears."""

    key: str
    item: Item
    cells: list[tuple[str, int]] = field(default_factory=list)  # (cell key, position)


# The fields an import owns, by the names `import_values()` uses, as the report names them.
FIELD_LABELS = {
    "text": "tekst",
    "links": "links",
    "cells": "plaatsing",
    "author": "auteur",
    "url": "URL",
    "title": "titel",
    "name": "naam",
    "description": "toelichting",
    "kind": "soort",
    "help_text": "toelichting",
    "answers": "antwoorden",
    "short_title": "korte titel",
    "intro": "inleiding",
    "statements": "stellingen",
    "label": "label",
}


def _normalised(value: Any) -> Any:
    """A value as the fingerprint sees it (tuples and lists alike)."""
    return json.loads(json.dumps(value, default=str))


def changed_fields(record: Any, values: dict[str, Any]) -> list[str]:
    """The owned fields of `record` that differ from `values`, plus its publication state."""
    current = record.import_values()
    names = [
        FIELD_LABELS.get(name, name)
        for name, value in values.items()
        if _normalised(current.get(name)) != _normalised(value)
    ]
    if getattr(record, "live", True) is False:
        names.append("gepubliceerd")
    elif getattr(record, "has_unpublished_changes", False):
        names.append("concept")
    return list(dict.fromkeys(names))


class RollbackDryRun(Exception):
    """Raised inside the transaction to undo a dry run."""


def as_rich_text(text: str, anchors: Iterable[tuple[str, int]] = ()) -> str:
    """Plain source text as editor rich text: one <p> per paragraph.

    `anchors` are (words, Link id) pairs: the first occurrence of each phrase,
    in order, becomes a shared link (cms/rich_text.py) on those words.
    """
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n") if p.strip()]
    pieces: list[list[str | tuple[str, int]]] = [[p] for p in paragraphs]
    for words, link_id in anchors:
        _anchor(pieces, words.strip().rstrip(".;:, "), link_id)
    return "".join(
        "<p>"
        + "".join(
            escape(part) if isinstance(part, str) else shared_link_tag(part[1], part[0]) for part in parts
        )
        + "</p>"
        for parts in pieces
    )


def _anchor(pieces: list[list[str | tuple[str, int]]], words: str, link_id: int) -> bool:
    """Put a link on the first free occurrence of `words` (a whole phrase) in the paragraphs."""
    if not words:
        return False
    pattern = re.compile(rf"(?<![\w-]){re.escape(words)}(?![\w-])")
    for parts in pieces:
        for index, part in enumerate(parts):
            if not isinstance(part, str):
                continue
            match = pattern.search(part)
            if match:
                parts[index : index + 1] = [part[: match.start()], (words, link_id), part[match.end() :]]
                return True
    return False


def link_key(url: str) -> str:
    return "link:" + hashlib.sha256(url.encode()).hexdigest()[:40]


def distinct_items(document: Document) -> dict[str, DistinctItem]:
    """The source's items, each once, with all the cells it appears in.

    The source repeats some references in several cells; those become one
    snippet with several placements. Keys name the first place an item appears:
    "<cell>:<kind>:<position of that kind in the cell>".
    """
    placed: dict[str, DistinctItem] = {}
    by_content: dict[tuple[str, str, str, tuple[str, ...]], DistinctItem] = {}
    sources: list[tuple[str, list[Item]]] = [(key, cell.items) for key, cell in document.cells.items()]
    sources += [(s.key, s.items) for theme in document.themes for s in theme.statements]
    for cell, items in sources:
        counts: dict[str, int] = {}
        for position, item in enumerate(items):
            counts[item.kind] = counts.get(item.kind, 0) + 1
            # The same words with other links are another item: U51's Schotanus
            # quote cites two of his publications, S51's the same quote one.
            urls = tuple(link.url for link in item.links)
            identity = (item.kind, item.author, " ".join(item.text.split()), urls)
            entry = by_content.get(identity)
            if entry is None:
                key = f"{cell}:{item.kind}:{counts[item.kind]}"
                entry = by_content[identity] = placed[key] = DistinctItem(key=key, item=item)
            entry.cells.append((cell, position))
    return placed


class Loader:
    def __init__(self, document: Document, *, force: bool = False) -> None:
        self.document = document
        self.force = force
        self.report = Report(warnings=list(document.warnings))
        self.activities: dict[str, Activity] = {}
        self.answers: dict[tuple[int, int], Answer] = {}
        self.statements: dict[str, ChecklistStatement] = {}
        self.links: dict[str, Link] = {}
        self.touched: list[ContentItem] = []
        self.existing: dict[str, dict[str | None, Any]] = {}
        self.tombstones: set[str] = set()

    # Generic record handling ------------------------------------------------

    def _validate(self, record: Any, key: str) -> bool:
        try:
            record.full_clean(exclude=["source_key", "import_fingerprint"])
        except ValidationError as error:
            self.report.errors.append(f"{key}: {'; '.join(error.messages)}")
            return False
        return True

    def _sync(self, record: Imported, key: str, values: dict[str, Any], created: bool) -> str:
        """Apply `values` unless an editor changed the record; return the outcome."""
        if not created and not self.force and record.is_changed_since_import():
            return "skipped"
        if (
            not created
            and record.import_fingerprint
            and record.import_fingerprint == fingerprint(values)
            and not record.is_changed_since_import()
        ):
            return "unchanged"
        if created:
            return "created"
        changes = changed_fields(record, values)
        if not changes:
            # Already what the source says (an editor made the same change): only the
            # bookkeeping was stale. update() saves no revision and bumps no cache.
            type(record)._default_manager.filter(pk=record.pk).update(import_fingerprint=fingerprint(values))
            return "unchanged"
        self.report.changes[key] = changes
        return "updated"

    # Taxonomy --------------------------------------------------------------

    def load_taxonomy(self) -> None:
        for order, parsed in enumerate(self.document.activities):
            key = f"activity:{parsed.code}"
            record, created = Activity.objects.get_or_create(
                code=parsed.code,
                defaults={"name": parsed.name, "description": parsed.description, "sort_order": order},
            )
            record.source_key = key
            self._simple(record, key, {"name": parsed.name, "description": parsed.description}, created)
            self.activities[parsed.code] = record

        for parsed_q in self.document.questions:
            key = f"question:{parsed_q.number}"
            question, created = Question.objects.get_or_create(
                number=parsed_q.number,
                defaults={"kind": parsed_q.kind, "text": parsed_q.text, "help_text": parsed_q.help_text},
            )
            question.source_key = key
            values: dict[str, Any] = {
                "kind": parsed_q.kind,
                "text": parsed_q.text,
                "help_text": parsed_q.help_text,
                "answers": [a.label for a in parsed_q.answers],
            }
            outcome = self._sync(question, key, values, created)
            if outcome in ("created", "updated"):
                question.kind, question.text, question.help_text = (
                    parsed_q.kind,
                    parsed_q.text,
                    parsed_q.help_text,
                )
                for parsed_a in parsed_q.answers:
                    Answer.objects.update_or_create(
                        question=question, number=parsed_a.number, defaults={"label": parsed_a.label}
                    )
                if self._validate(question, key):
                    question.mark_imported()
                    question.save()
            self.report.outcome(key, outcome)
            for answer in question.answers.all():
                self.answers[(question.number, answer.number)] = answer

        for step in self.document.scale:
            key = f"scale:{step.value}"
            scale_step, created = ScaleStep.objects.get_or_create(
                value=step.value, defaults={"label": step.label}
            )
            scale_step.source_key = key
            self._simple(scale_step, key, {"label": step.label}, created)

        for parsed_t in self.document.themes:
            key = f"theme:{parsed_t.number}"
            theme, created = ChecklistTheme.objects.get_or_create(
                number=parsed_t.number,
                defaults={
                    "title": parsed_t.title,
                    "short_title": _short_title(parsed_t),
                    "intro": parsed_t.intro,
                },
            )
            theme.source_key = key
            statements = [
                (i, s.text, "\n".join(s.clarifications)) for i, s in enumerate(parsed_t.statements, start=1)
            ]
            values = {
                "title": parsed_t.title,
                "short_title": _short_title(parsed_t),
                "intro": parsed_t.intro,
                "statements": [list(s) for s in statements],
            }
            outcome = self._sync(theme, key, values, created)
            if outcome in ("created", "updated"):
                theme.title, theme.intro = parsed_t.title, parsed_t.intro
                theme.short_title = _short_title(parsed_t)
                theme.save()
                for number, text, clarifications in statements:
                    ChecklistStatement.objects.update_or_create(
                        theme=theme, number=number, defaults={"text": text, "clarifications": clarifications}
                    )
                theme.refresh_from_db()
                if self._validate(theme, key):
                    theme.mark_imported()
                    theme.save()
            self.report.outcome(key, outcome)
            for statement in theme.statements.all():
                self.statements[f"{theme.number}.{statement.number}"] = statement

    def _simple(self, record: Any, key: str, values: dict[str, Any], created: bool) -> None:
        outcome = self._sync(record, key, values, created)
        if outcome in ("created", "updated"):
            for name, value in values.items():
                setattr(record, name, value)
            if self._validate(record, key):
                record.mark_imported()
                record.save()
        self.report.outcome(key, outcome)

    # Links and items -------------------------------------------------------

    def link_for(self, url: str, title: str) -> Link:
        if url in self.links:
            return self.links[url]
        key = link_key(url)
        record = Link.objects.filter(source_key=key).first()
        created = record is None
        if record is None:
            record = Link(url=url, title=title[:255], source_url=url, source_key=key)
        outcome = self._sync(record, key, {"url": url, "title": title[:255]}, created)
        if outcome in ("created", "updated"):
            record.url, record.title = url, title[:255]
            if self._validate(record, key):
                record.mark_imported()
                record.save()
        self.report.outcome(key, outcome)
        self.links[url] = record
        return record

    def load_items(self) -> None:
        # Fetch every imported item with its tags and links up front, so that
        # comparing an unchanged item costs no queries.
        self.existing = {
            kind.key: {
                record.source_key: record
                for record in kind.model.objects.filter(source_key__isnull=False).prefetch_related(
                    "placements__activity",
                    "placements__answer__question",
                    "placements__statement__theme",
                    "item_links__link",
                )
            }
            for kind in ITEM_KINDS
        }
        self.tombstones = set(DeletedImport.objects.values_list("source_key", flat=True))
        for placed in distinct_items(self.document).values():
            self.load_item(placed)

    def load_item(self, placed: DistinctItem) -> None:
        kind = item_kinds.by_key(placed.item.kind)
        model, placement_model, link_model = kind.model, kind.placement_model, kind.link_model
        if placed.key in self.tombstones and placed.key not in self.existing[placed.item.kind]:
            if not self.force:
                self.report.outcome(placed.key, "deleted")
                return
            DeletedImport.objects.filter(source_key=placed.key).delete()
        # A link that failed validation is reported as an error and left out;
        # the import then rolls back as a whole.
        resolved = [(source, self.link_for(source.url, source.title)) for source in placed.item.links]
        resolved = [(source, link) for source, link in resolved if link.pk]
        links = [link for _, link in resolved]
        placements = [self.placement(placement_model, cell, position) for cell, position in placed.cells]
        record = self.existing[placed.item.kind].get(placed.key)
        created = record is None
        if record is None:
            record = model(source_key=placed.key)
        # A tip's links sit on its words, as shared links inside its text.
        anchors = [(source.title, link.pk) for source, link in resolved] if kind is item_kinds.TIP else []
        text = as_rich_text(placed.item.text, anchors)
        values: dict[str, Any] = {
            "text": normalise_rich_text(text),
            "links": [link.identity for link in links],
            "cells": sorted(p.cell_key for p in placements),
        }
        if kind is item_kinds.REFERENCE:
            values["author"] = placed.item.author
        outcome = self._sync(record, placed.key, values, created)
        if outcome in ("created", "updated"):
            if not created:
                # The prefetched copy would make modelcluster serialise the old
                # links and placements into the new revision.
                record = model.objects.get(pk=record.pk)
            record.text = text
            if kind is item_kinds.REFERENCE:
                record.author = placed.item.author  # type: ignore[attr-defined]
            record.placements = placements  # type: ignore[attr-defined]
            record.item_links = [  # type: ignore[attr-defined]
                link_model(link=link, sort_order=i) for i, link in enumerate(links)
            ]
            if self._validate(record, placed.key):
                record.live = True
                record.import_fingerprint = fingerprint(values)
                record.save()
                record.save_revision().publish()
                self.touched.append(record)
        self.report.outcome(placed.key, outcome)

    def placement(self, placement_model: type[Any], cell: str, position: int) -> Any:
        if cell in self.statements:
            return placement_model(statement=self.statements[cell], sort_order=position)
        activity = self.activities[cell[0]]
        answer = None if cell[1] == "a" else self.answers[(int(cell[1]), int(cell[2]))]
        return placement_model(activity=activity, answer=answer, sort_order=position)

    def run(self) -> Report:
        self.load_taxonomy()
        self.load_items()
        return self.report


def _short_title(theme: Theme) -> str:
    return theme.short_title or theme.title[:60]


def load(document: Document, *, force: bool = False, dry_run: bool = False) -> Report:
    """Load `document` in one transaction; a dry run reports and rolls back."""
    loader = Loader(document, force=force)
    try:
        # Wagtail re-indexes references on every save (three per published item);
        # index each touched item once at the end instead.
        with transaction.atomic(), disable_reference_index_auto_update():
            report = loader.run()
            for record in loader.touched:
                ReferenceIndex.create_or_update_for_object(record)
            if report.errors or dry_run:
                raise RollbackDryRun
    except RollbackDryRun:
        pass
    return loader.report


def iter_outcomes(report: Report) -> Iterable[tuple[str, int]]:
    for name in ("created", "updated", "unchanged", "skipped", "deleted"):
        yield name, len(getattr(report, name))
