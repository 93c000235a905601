"""A place mention: the text's words for a place, and what the gazetteer says they may be."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..gazetteer import NameMatch, normalize


class MentionKind(StrEnum):
    """What kind of words name the place (a ``str``: ``MentionKind.NAME == "name"``)."""

    #: a place name ("Kyiv", "Paris, Texas")
    NAME = "name"
    #: a people's adjective or noun that stands for its country ("Ukrainian operatives")
    DEMONYM = "demonym"
    #: a reference to a capital ("the capital", "the Turkish capital", "the state capital")
    CAPITAL = "capital"
    #: a building, facility or landmark ("Crocus City Hall", "the Kremlin")
    VENUE = "venue"
    #: a body of water no gazetteer entry names ("Tampa Bay")
    WATER = "water"
    #: a landform or area no gazetteer entry names ("the Drina valley", "the island of Maui")
    REGION = "region"
    #: a well-known place inside an organisation's name ("the Washington Post"): resolved, but no
    #: place of the story by itself
    EMBEDDED = "embedded"


class EntityLabel(StrEnum):
    """The labels of spaCy's English NER (OntoNotes) that recognition reads."""

    GPE = "GPE"
    LOC = "LOC"
    FAC = "FAC"
    NORP = "NORP"
    ORG = "ORG"
    PERSON = "PERSON"
    WORK_OF_ART = "WORK_OF_ART"
    PRODUCT = "PRODUCT"
    LAW = "LAW"
    EVENT = "EVENT"
    DATE = "DATE"
    TIME = "TIME"
    MONEY = "MONEY"
    PERCENT = "PERCENT"
    QUANTITY = "QUANTITY"
    CARDINAL = "CARDINAL"
    ORDINAL = "ORDINAL"


class Note(StrEnum):
    """What a recogniser knows of a name no gazetteer knows, kept in :attr:`Mention.label`."""

    #: "the village of Hrabove", "Ighil, a village in...": a settlement, placed by the text
    SETTLEMENT = "settlement"
    #: "the neighbourhoods of Gemmayzeh", "Seoul's Itaewon district": a part of the story's city
    CITY_PART = "city-part"
    #: "the island of Maui"
    ISLAND = "island"
    #: "the state capital": a first-level division's capital
    DIVISION_CAPITAL = "admin1"
    #: "the city's port": a venue of the town the text refers back to
    TOWN_VENUE = "town-venue"


@dataclass(slots=True, kw_only=True)
class Mention:
    """One place mention in the text.

    Attributes
    ----------
    text : str
        The surface form as written ("Ukrainian", "the capital").
    start, end : int
        Character offsets into the article text.
    tok_start, tok_end : int
        Token offsets into the ``Doc``.
    kind : MentionKind
        What kind of words name the place (see :class:`MentionKind`).
    label : str or None
        The NER label of the entity over it (see :class:`EntityLabel`), or a recogniser's
        :class:`Note` on a name no gazetteer knows.
    candidates : list of NameMatch
        Gazetteer entries this mention may refer to.
    country_hint : str or None
        For ``capital`` references with a demonym ("the Turkish capital"): that country.
    inner : list of NameMatch
        For natural features and venues: the places named inside the name ("Tampa" in "Tampa Bay").
    source : str
        The recogniser that found it.
    """

    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    kind: str = MentionKind.NAME
    label: str | None = None
    candidates: list[NameMatch] = field(default_factory=list)
    country_hint: str | None = None
    inner: list[NameMatch] = field(default_factory=list)
    source: str = ""

    @classmethod
    def from_span(cls, span, kind: str = MentionKind.NAME, label: str | None = None, **more) -> Mention:
        """The mention over a ``Span`` (spaCy's or the fast mode's), its text and offsets from it.

        Parameters
        ----------
        span : spacy.tokens.Span or geomap._textdoc.TextSpan
            The words of the mention.
        kind : MentionKind, default NAME
            What kind of words name the place.
        label : str, optional
            The entity label over it, or a recogniser's :class:`Note`.
        **more
            ``candidates``, ``country_hint``, ``inner``, ``source``.
        """
        return cls(
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            tok_start=span.start,
            tok_end=span.end,
            kind=kind,
            label=label,
            **more,
        )

    @property
    def key(self) -> str:
        """The folded name."""
        return normalize(self.text)

    @property
    def ref(self) -> tuple[int, int, int, int]:
        """Its character and token offsets: a stable key of the mention in its document."""
        return (self.start, self.end, self.tok_start, self.tok_end)
