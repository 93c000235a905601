"""Every exception geomap raises on purpose.

Each is a :class:`GeomapError` and also the builtin it resembles, so callers may catch either
(the pattern of ``geopy.exc``). The command line turns any :class:`GeomapError` into a
one-line message and a non-zero exit code.
"""

from __future__ import annotations


class GeomapError(Exception):
    """Base class of all geomap errors."""

    #: exit code the command line uses for this kind of error
    exit_code = 1


class InputError(GeomapError, ValueError):
    """An article, gazetteer or other input file is missing, unreadable or malformed."""

    exit_code = 2


class ProfileError(GeomapError, ValueError):
    """A role profile is malformed."""

    exit_code = 2


class GazetteerError(GeomapError, RuntimeError):
    """The offline gazetteer cannot be built or opened."""

    exit_code = 3


class GeocoderError(GeomapError, RuntimeError):
    """An online geocoder failed (network, quota, bad answer)."""

    exit_code = 4


class GeocoderUnavailable(GeocoderError):
    """An online geocoder gave no usable answer for now: timeout, rate limit, server error, malformed body.

    Transient: the pipeline keeps the offline placement, warns, and asks again next run.
    """


class MissingExtra(GeomapError, ImportError):
    """A feature asked for needs an optional dependency that is not installed (``pip install 'geomap[extra]'``)."""

    exit_code = 2

    @classmethod
    def check(cls, feature: str, extra: str, *packages: str | tuple[str, str]) -> None:
        """Raise if a package ``feature`` needs is not installed.

        Parameters
        ----------
        feature : str
            What needs them, as the message names it ("GeoParquet", "geomap serve").
        extra : str
            The extra of geomap's package that installs them.
        *packages : str or (str, str)
            Each a module name, or (module, the package pip installs it from).
        """
        import importlib.util

        absent = []
        for package in packages:
            module, name = package if isinstance(package, tuple) else (package, package)
            if importlib.util.find_spec(module) is None:
                absent.append(name)
        if absent:
            raise cls(f"{feature} needs {', '.join(absent)}: pip install 'geomap[{extra}]'")


class OutputError(GeomapError, OSError):
    """An output file cannot be written, or exists and overwriting was not asked for."""

    exit_code = 5


class Terminated(GeomapError):
    """The process was asked to stop (SIGTERM); what was finished is kept."""

    exit_code = 143


class ModelError(GeomapError, RuntimeError):
    """The spaCy language model is not installed or cannot be loaded."""

    exit_code = 3
