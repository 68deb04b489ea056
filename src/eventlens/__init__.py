"""eventlens: conflict reports to sourced, geolocated events."""

__version__ = "0.1.0"
