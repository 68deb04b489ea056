"""Every installed runtime dependency of eventlens is permissively licensed: none is GPL or AGPL.

The dependencies are read from the installed metadata (Requires-Dist, recursively, leaving out
requirements that only an extra asks for), so a new dependency, or a new dependency of one, is
checked the day it is installed. LGPL is accepted: eventlens imports such a library unmodified
and users can replace it in their environment, which is all the LGPL asks of a program that
uses a library (it does not extend to the program's own licence, as the GPL does).
"""

from __future__ import annotations

import re
from importlib import metadata

from packaging.requirements import Requirement

# "GPL" as a word or in an SPDX id (GPL-3.0-only, AGPL-3.0), not LGPL; and the trove
# classifiers' wording for the GPL and the AGPL.
_GPL = re.compile(r"(?<![L\w])A?GPL|GNU (Affero )?General Public", re.IGNORECASE)


def _runtime_distributions(root: str = "eventlens") -> dict[str, metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    todo = [root]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a dependency for another platform or Python version
        seen[key] = dist
        for line in dist.requires or ():
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is not None and ("extra" in str(marker) or not marker.evaluate({"extra": ""})):
                continue
            todo.append(requirement.name)
    seen.pop("eventlens", None)
    return seen


def _licence_terms(dist: metadata.Distribution) -> list[str]:
    """The licence a distribution declares: its SPDX expression, else its License field (short
    ones only: some carry the whole licence text), else its trove classifiers; one item per
    alternative the user may choose."""
    meta = dist.metadata
    if expression := meta.get("License-Expression"):
        return [part.strip(" ()") for part in re.split(r"\bOR\b", expression)]
    classifiers = [c for c in meta.get_all("Classifier") or () if c.startswith("License ::")]
    if classifiers:
        return classifiers
    return [(meta.get("License") or "")[:200]]


def is_gpl(terms: list[str]) -> bool:
    """True when every alternative offered is GPL or AGPL."""
    return bool(terms) and all(_GPL.search(term) for term in terms)


def test_gpl_detection_reads_spdx_alternatives_and_classifiers():
    assert is_gpl(["GPL-3.0-only"])
    assert is_gpl(["License :: OSI Approved :: GNU Affero General Public License v3"])
    assert not is_gpl(["LGPL-2.1-or-later"])
    assert not is_gpl(["License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)"])
    assert not is_gpl(["MPL-1.1", "GPL-2.0-only", "LGPL-2.1-or-later"])  # tld: choose MPL
    assert not is_gpl(["MIT"])


def test_runtime_dependencies_are_not_gpl():
    distributions = _runtime_distributions()
    assert "spacy" in distributions and "anyascii" in distributions
    offending = {
        name: terms for name, dist in sorted(distributions.items()) if is_gpl(terms := _licence_terms(dist))
    }
    assert not offending, f"GPL/AGPL runtime dependencies: {offending}"


def test_unidecode_is_not_a_runtime_dependency():
    assert "unidecode" not in _runtime_distributions()
