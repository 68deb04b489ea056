"""geo stage: the gazetteer (GeoNames-derived, in SQLite) and the toponym resolver.

gazetteer = Gazetteer.open()              # builds Config().gazetteer_file on first use
gazetteer.lookup("Albu Kamal")            # -> [Candidate(geonameid=174448, ...), ...]
resolver = ToponymResolver(gazetteer)
resolver.resolve([ToponymMention("al-Qaim", 10, 17, context=sentence)])  # -> [Place | None]
"""

from eventlens.geo.build import BUILD_VERSION, FOCUS_COUNTRIES, build_gazetteer
from eventlens.geo.countries import country_of_name, demonym_countries
from eventlens.geo.distance import haversine_km, parse_lat_lon
from eventlens.geo.gazetteer import Candidate, Gazetteer
from eventlens.geo.phrases import ToponymPhrase, parse_phrase
from eventlens.geo.resolver import ToponymMention, ToponymResolver

__all__ = [
    "BUILD_VERSION",
    "FOCUS_COUNTRIES",
    "Candidate",
    "Gazetteer",
    "ToponymMention",
    "ToponymPhrase",
    "ToponymResolver",
    "build_gazetteer",
    "country_of_name",
    "demonym_countries",
    "haversine_km",
    "parse_lat_lon",
    "parse_phrase",
]
