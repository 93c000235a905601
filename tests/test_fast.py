"""The fast mode (gazetteer matching only) and the tuned model: a smoke test, not a benchmark (see bench/)."""

from __future__ import annotations

import numpy as np

TEXT = (
    "date 2024-03-24\n"
    "Gunmen attacked a concert hall in Krasnogorsk, near Moscow, on Friday. Ukrainian officials denied any role.\n"
    "Leaders in Paris and Berlin condemned the attack, and the Red Cross sent help."
)


def test_fast_mode_finds_and_places_the_names(parse):
    gdf = parse(TEXT, fast=True)
    places = dict(zip(gdf["place"], gdf["role"], strict=True))
    assert {"Moscow", "Ukraine", "Paris", "Berlin"} <= set(places)
    assert "Red Cross" not in places
    assert all(g is not None for g in gdf.geometry)
    # no parse: the lead's finest place is the site, what contains it the area, the rest context
    assert places["Paris"] == "context"
    assert list(gdf["roles"].map(len).unique()) == [1]
    site = gdf[gdf["role"] == "incident_site"]
    assert len(site) == 1 and site.iloc[0]["evidence"][0]["text"].startswith("Gunmen attacked")


def test_fast_mode_words_and_sentences():
    from geomap._textdoc import TextDoc

    doc = TextDoc('Gunmen hit Russia\'s U.S. embassy. Mr. Smith said "No!" Then left.\n\nParis, Texas')
    assert doc.words[2:5] == ["Russia", "'s", "U.S."]
    assert [s.text for s in doc.sents] == [
        "Gunmen hit Russia's U.S. embassy.",
        'Mr. Smith said "No!"',
        "Then left.",
        "Paris, Texas",
    ]
    span = doc.char_span(doc.text.index("Texas") - 2, len(doc.text), alignment_mode="expand")
    assert span.text == ", Texas" and span.sent.text == "Paris, Texas"
    assert doc[-3].text == "Paris" and doc[-3].sent.start == len(doc) - 3
    # a line ends a sentence (a headline); closing quotes and an ellipsis stay with theirs; a last line
    # break starts no sentence
    doc = TextDoc('Floods hit Dhaka\nRescuers said "We are overwhelmed." ... Roads closed.\n')
    assert [s.text for s in doc.sents] == [
        "Floods hit Dhaka",
        'Rescuers said "We are overwhelmed." ...',
        "Roads closed.",
    ]


def test_fast_mode_loads_no_language_model():
    import subprocess
    import sys

    code = "import sys, geomap; geomap.geoparse('Floods hit Paris.', fast=True); print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_tuned_model_annotates_as_the_stock_one():
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, TAG

    from geomap.nlp import load_model

    text = TEXT + " I'm gonna say it's y'all's fault, c'mon. There are lots. Who's gotta go? Let's see."
    attrs = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE]
    tuned, stock = load_model()(text), load_model(tuned=False)(text)
    assert "geomap_attributes" in load_model().pipe_names
    assert np.array_equal(tuned.to_array(attrs), stock.to_array(attrs))


def test_tuned_model_annotates_the_same_when_its_caches_are_emptied(monkeypatch):
    from spacy.attrs import LEMMA, MORPH, POS, TAG

    from geomap import _attributes
    from geomap.nlp import load_model

    attrs = [TAG, POS, MORPH, LEMMA]
    texts = [TEXT, "Rescuers were searching the rubble of collapsed buildings in the city's old quarter."]
    nlp = load_model()
    expected = [nlp(t).to_array(attrs) for t in texts]
    monkeypatch.setattr(_attributes, "MAX_CACHE", 5)  # a long run: the caches fill up and start again
    ruler = nlp.get_pipe("geomap_attributes")
    for t, want in zip(texts * 2, expected * 2, strict=True):
        assert np.array_equal(nlp(t).to_array(attrs), want)
        assert len(ruler._values) <= len(nlp.make_doc(t)) + 5
