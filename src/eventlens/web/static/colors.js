// One colour per PLOVER event type, shared by the map, the legend, the list and the network.
// Violence in reds and browns, contention in purples, cooperation in blues and greens.

export const TYPE_COLORS = {
  ASSAULT: "#c62828",
  COERCE: "#e8590c",
  THREATEN: "#d99100",
  MOBILIZE: "#8d5524",
  PROTEST: "#7b3fb3",
  ACCUSE: "#c2185b",
  REJECT: "#9c2f6e",
  SANCTION: "#5f6b7a",
  REQUEST: "#00838f",
  CONSULT: "#1f6fb4",
  AGREE: "#2e7d32",
  COOPERATE: "#5c9e2e",
  SUPPORT: "#3f9bd6",
  AID: "#00897b",
  CONCEDE: "#7c8a1e",
  RETREAT: "#a38f00",
};

const OTHER = "#546e7a";

export function typeColor(type) {
  return TYPE_COLORS[type] || OTHER;
}

/** A small legend: one swatch and label per type, in the palette's order. */
export function renderLegend(list, types) {
  list.replaceChildren();
  const ordered = Object.keys(TYPE_COLORS).filter((t) => types.has(t));
  for (const t of types) if (!TYPE_COLORS[t]) ordered.push(t);
  for (const type of ordered) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.backgroundColor = typeColor(type);
    swatch.setAttribute("aria-hidden", "true");
    item.append(swatch, document.createTextNode(type));
    list.append(item);
  }
}
