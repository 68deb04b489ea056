"""The actor network as GraphML, for Gephi, yEd or networkx: actors as nodes, event types as edges."""

from __future__ import annotations

from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from eventlens.store import Network

# (id, for, attribute name, type): the keys GraphML declares before the graph.
_KEYS = (
    ("name", "node", "name", "string"),
    ("actor_type", "node", "type", "string"),
    ("country", "node", "country", "string"),
    ("events", "node", "event_count", "int"),
    ("event_type", "edge", "type", "string"),
    ("count", "edge", "count", "int"),
)


def _data(key: str, value: object) -> str:
    if value is None:
        return ""
    return f'<data key="{key}">{escape(str(value))}</data>'


def write_network_graphml(network: Network, out: TextIO) -> None:
    """Write the network as one directed GraphML graph (an edge per actor1 -> actor2 event type)."""
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
    out.writelines(
        f'  <key id="{key}" for="{domain}" attr.name="{name}" attr.type="{type_}"/>\n'
        for key, domain, name, type_ in _KEYS
    )
    out.write('  <graph id="actors" edgedefault="directed">\n')
    for node in network.nodes:
        data = (
            _data("name", node.name)
            + _data("actor_type", node.type)
            + _data("country", node.country)
            + _data("events", node.event_count)
        )
        out.write(f"    <node id={quoteattr(node.id)}>{data}</node>\n")
    for i, edge in enumerate(network.edges):
        data = _data("event_type", edge.type) + _data("count", edge.count)
        out.write(
            f'    <edge id="e{i}" source={quoteattr(edge.source)} target={quoteattr(edge.target)}>{data}</edge>\n'
        )
    out.write("  </graph>\n</graphml>\n")
