"""Reading the events stage's data files (``events/data/*.yaml``)."""

from __future__ import annotations

from importlib.resources import files

import yaml

from eventlens.errors import DataError

# libyaml's parser where PyYAML was built with it: a hundred times faster on the trigger lexicon.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(name: str) -> dict:
    """The parsed data file ``events/data/<name>``; DataError when it is not valid YAML."""
    path = files("eventlens.events").joinpath(f"data/{name}")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except yaml.YAMLError as exc:
        raise DataError(f"{name}: {exc}") from exc
