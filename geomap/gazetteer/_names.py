"""Name normalisation shared by the gazetteer build and its lookups."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\-\u2010-\u2015_/]+")
_DROP = re.compile(r"[.\u00b7]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u02bc": "'"})
# letters that Unicode does not decompose into a base letter and an accent
_LETTERS = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "ħ": "h"})


def normalize(name: str) -> str:
    """Return the lookup key of a place name.

    Case, accents, dots and the kind of dash or space are folded away, so that
    ``"U.S."``, ``"Kyïv"`` and ``"Guinea-Bissau"`` find ``"US"``, ``"Kyiv"`` and
    ``"Guinea Bissau"``.

    Parameters
    ----------
    name : str
        A place name as written.

    Returns
    -------
    str
        The folded key.
    """
    if name.isascii():  # most names: the same result, without the Unicode steps
        return _SPACES.sub(" ", _DROP.sub("", name.replace("`", "'").lower())).strip()
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DROP.sub("", text.casefold().translate(_LETTERS))
    return _SPACES.sub(" ", text).strip()


_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f\u1e00-\u1eff][A-Za-z\u00c0-\u024f\u1e00-\u1eff' .\-\u2019()]*$")


def is_latin_name(name: str) -> bool:
    """True for a name in Latin script that starts with a capital letter."""
    return bool(_LATIN.match(name)) and name[0].isupper()


# marks of a scholarly transliteration, which English news does not write: "Kandahār", "Cox’s Bāzār"
_TRANSLITERATION = str.maketrans(
    {
        **dict(zip("āēīōūĀĒĪŌŪḥṣṭḍẓḤṢṬḌẒ", "aeiouAEIOUhstdzHSTDZ", strict=True)),
        "ʼ": "'",
        "ʻ": "'",
    }
)


def plain_name(name: str) -> str:
    """A place's name as English news writes it: without transliteration marks ("Kandahar").

    Other accents stay ("São Paulo", "Kraków"): news writes them, and lookups fold them anyway.
    """
    return name.translate(_TRANSLITERATION)
