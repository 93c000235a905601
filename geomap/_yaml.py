"""Reading YAML: one safe loader for geomap's data files, profiles and gold files."""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's safe loader where PyYAML was built with it (about 6x faster), else the pure-Python one
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: what a malformed file raises
YAMLError = yaml.YAMLError


def safe_load(text: str) -> Any:
    """Parse ``text`` as YAML with a safe loader (plain data only, no Python objects).

    Parameters
    ----------
    text : str
        The YAML document.

    Returns
    -------
    Any
        The document's data: dicts, lists, strings, numbers, booleans and None.

    Raises
    ------
    yaml.YAMLError
        When ``text`` is not valid YAML.
    """
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 (a safe loader)
