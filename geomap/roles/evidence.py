"""Evidence of a role: the sentence that shows it, and a place with its roles."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..docdata import body_start, source
from ..resolve import Place


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """Why a place holds a role: the sentence, its offsets, the mention and the trigger word."""

    role: str
    text: str
    start: int
    end: int
    mention: str
    mention_start: int
    trigger: str | None
    confidence: float

    def as_role(self, role: str) -> Evidence:
        """The same evidence for another role."""
        return replace(self, role=role)

    def as_dict(self) -> dict:
        """The evidence as stored in the places table."""
        return {
            "role": self.role,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "mention": self.mention,
            "mention_start": self.mention_start,
            "trigger": self.trigger,
            "confidence": self.confidence,
        }


@dataclass
class RoledPlace:
    """A place with its roles (most important first) and their evidence."""

    place: Place
    #: its position among the story's places: a stable key while roles are given
    key: int = 0
    roles: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def role(self) -> str:
        """The primary role."""
        return self.roles[0]


def make_evidence(doc, mention, role: str, trigger, confidence: float) -> Evidence:
    """The evidence of ``role`` for ``mention``: its sentence as the article wrote it, and the trigger word."""
    sent = doc[mention.tok_start].sent
    # the sentence as the article wrote it (the parser's copy has headlines ended with a full stop)
    first = max(sent.start_char, body_start(doc))  # never the date header
    raw = source(doc)[first : sent.end_char]
    start = first + len(raw) - len(raw.lstrip())
    text = raw.strip()
    return Evidence(
        role=role,
        text=text,
        start=start,
        end=start + len(text),
        mention=mention.text,
        mention_start=mention.start,
        trigger=trigger.text if trigger is not None else None,
        confidence=round(confidence, 2),
    )
