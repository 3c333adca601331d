"""The shared content model: taxonomy, content snippets, pages and users."""

from .content import (
    ContentItem,
    Example,
    ExampleLink,
    ExamplePlacement,
    Link,
    Reference,
    ReferenceLink,
    ReferencePlacement,
    Tip,
    TipLink,
    TipPlacement,
    cell_key,
    cell_query,
    plain_text,
)
from .content_version import ContentVersion
from .imported import Imported, fingerprint
from .linkcheck import LinkCheckRun
from .pages import ContentPage, HomePage
from .taxonomy import Activity, Answer, ChecklistStatement, ChecklistTheme, Question, ScaleStep
from .workflow import SecondEditorApprovalTask

__all__ = [
    "Activity",
    "Answer",
    "ChecklistStatement",
    "ChecklistTheme",
    "ContentItem",
    "ContentPage",
    "ContentVersion",
    "Example",
    "ExampleLink",
    "ExamplePlacement",
    "HomePage",
    "Imported",
    "Link",
    "LinkCheckRun",
    "Question",
    "Reference",
    "ReferenceLink",
    "ReferencePlacement",
    "Tip",
    "TipLink",
    "ScaleStep",
    "SecondEditorApprovalTask",
    "TipPlacement",
    "cell_key",
    "cell_query",
    "fingerprint",
    "plain_text",
]
