// The actor network: actors as nodes, the events between them as edges coloured by type.
// A small force-directed layout (Fruchterman-Reingold), deterministic: the same data always
// gives the same picture.

import { renderLegend, typeColor } from "./colors.js";

const SVG = "http://www.w3.org/2000/svg";
const ITERATIONS = 300;

function svg(name, attributes = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

/** Positions in the unit square for nodes linked by edges ({source, target} node indices). */
export function forceLayout(count, links) {
  const pos = [];
  for (let i = 0; i < count; i++) {
    const angle = (2 * Math.PI * i) / Math.max(count, 1);
    pos.push([0.5 + 0.35 * Math.cos(angle), 0.5 + 0.35 * Math.sin(angle)]);
  }
  if (count < 2) return count ? [[0.5, 0.5]] : [];
  const k = Math.sqrt(1 / count) * 1.2;
  let temperature = 0.1;
  for (let step = 0; step < ITERATIONS; step++) {
    const disp = pos.map(() => [0, 0]);
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        let dx = pos[i][0] - pos[j][0];
        let dy = pos[i][1] - pos[j][1];
        let d = Math.hypot(dx, dy);
        if (d < 1e-6) {
          // Coincident nodes: push apart along a direction fixed by their indices.
          dx = Math.cos(i + j);
          dy = Math.sin(i + j);
          d = 1e-3;
        }
        const force = (k * k) / d;
        disp[i][0] += (dx / d) * force;
        disp[i][1] += (dy / d) * force;
        disp[j][0] -= (dx / d) * force;
        disp[j][1] -= (dy / d) * force;
      }
    }
    for (const { source, target, weight } of links) {
      const dx = pos[source][0] - pos[target][0];
      const dy = pos[source][1] - pos[target][1];
      const d = Math.max(Math.hypot(dx, dy), 1e-6);
      const force = ((d * d) / k) * Math.min(1 + Math.log(weight || 1), 3);
      disp[source][0] -= (dx / d) * force;
      disp[source][1] -= (dy / d) * force;
      disp[target][0] += (dx / d) * force;
      disp[target][1] += (dy / d) * force;
    }
    for (let i = 0; i < count; i++) {
      // Gravity keeps unconnected actors from drifting to the edge.
      disp[i][0] += (0.5 - pos[i][0]) * k * 2;
      disp[i][1] += (0.5 - pos[i][1]) * k * 2;
      const d = Math.max(Math.hypot(disp[i][0], disp[i][1]), 1e-9);
      const move = Math.min(d, temperature);
      pos[i][0] += (disp[i][0] / d) * move;
      pos[i][1] += (disp[i][1] / d) * move;
    }
    temperature = Math.max(0.002, temperature * 0.985);
  }
  return pos;
}

const MAX_NODES = 80;
const LABEL_CHAR = 6.6; // px per character at 12px, to keep labels from overlapping
const LABEL_HEIGHT = 15;

function overlaps(a, b) {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

export class ActorNetwork {
  constructor(container, { onSelectActor }) {
    this.container = container;
    this.onSelectActor = onSelectActor;
    this.data = { nodes: [], edges: [] };
    this.shown = { nodes: [], edges: [] };
    this.actor = "";
    this.svg = svg("svg", {
      class: "network-svg",
      role: "group",
      "aria-label": "Actor network. Each actor is a button: press Enter to show only its events.",
    });
    this.legend = document.createElement("section");
    this.legend.className = "legend legend-strip";
    this.legend.setAttribute("aria-label", "Legend");
    const heading = document.createElement("h3");
    heading.textContent = "Links by event type";
    this.legendList = document.createElement("ul");
    const toggle = document.createElement("label");
    toggle.className = "legend-toggle";
    this.showLoose = document.createElement("input");
    this.showLoose.type = "checkbox";
    this.showLoose.addEventListener("change", () => this.layout());
    toggle.append(this.showLoose, document.createTextNode(" actors without links"));
    const key = document.createElement("p");
    key.className = "legend-note";
    key.textContent = "Dark: known actor \u00b7 grey: not in the knowledge base";
    this.legend.append(heading, this.legendList, key, toggle);
    container.append(this.svg, this.legend);
    new ResizeObserver(() => this.render()).observe(container);
  }

  setData(data, actor) {
    this.data = data;
    this.actor = actor || "";
    renderLegend(this.legendList, new Set(data.edges.map((e) => e.type)));
    this.layout();
  }

  /** Choose the nodes to draw (the busiest, linked ones unless asked) and lay them out. */
  layout() {
    const { nodes, edges } = this.data;
    const linked = new Set();
    for (const e of edges) {
      if (e.source !== e.target) linked.add(e.source).add(e.target);
    }
    let chosen = this.showLoose.checked || !linked.size ? nodes : nodes.filter((n) => linked.has(n.id));
    chosen = [...chosen].sort((a, b) => (b.event_count || 0) - (a.event_count || 0)).slice(0, MAX_NODES);
    const index = new Map(chosen.map((n, i) => [n.id, i]));
    const shownEdges = edges.filter((e) => index.has(e.source) && index.has(e.target) && e.source !== e.target);
    this.shown = { nodes: chosen, edges: shownEdges };
    this.hiddenCount = nodes.length - chosen.length;
    const links = shownEdges.map((e) => ({ source: index.get(e.source), target: index.get(e.target), weight: e.count }));
    this.positions = forceLayout(chosen.length, links);
    this.render();
  }

  render() {
    const box = this.svg.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return; // hidden tab; drawn when shown
    const { width, height } = box;
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const { nodes, edges } = this.shown;
    if (!nodes.length) {
      const empty = svg("text", { class: "network-empty", x: width / 2, y: height / 2, "text-anchor": "middle" });
      empty.textContent = "No actors match the filters.";
      this.svg.replaceChildren(empty);
      return;
    }
    const pad = 80;
    const xs = this.positions.map((p) => p[0]);
    const ys = this.positions.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = (v) => (maxX > minX ? pad + ((v - minX) / (maxX - minX)) * (width - 2 * pad) : width / 2);
    const sy = (v) => (maxY > minY ? pad / 2 + ((v - minY) / (maxY - minY)) * (height - pad) : height / 2);
    const at = new Map(nodes.map((n, i) => [n.id, [sx(this.positions[i][0]), sy(this.positions[i][1])]]));
    const names = new Map(nodes.map((n) => [n.id, n.name]));
    const maxCount = Math.max(...nodes.map((n) => n.event_count || 1), 1);

    const edgeGroup = svg("g", { class: "edges" });
    // Several types between one pair are drawn as parallel curves so each stays visible.
    const pairs = new Map();
    for (const edge of edges) {
      const pair = [edge.source, edge.target].sort().join("\u0000");
      const rank = pairs.get(pair) || 0;
      pairs.set(pair, rank + 1);
      const [x1, y1] = at.get(edge.source);
      const [x2, y2] = at.get(edge.target);
      const bend = rank === 0 ? 0 : (rank % 2 ? 1 : -1) * Math.ceil(rank / 2) * 14;
      const len = Math.max(Math.hypot(x2 - x1, y2 - y1), 1);
      const cx = (x1 + x2) / 2 + (-(y2 - y1) / len) * bend;
      const cy = (y1 + y2) / 2 + ((x2 - x1) / len) * bend;
      const path = svg("path", {
        class: "edge",
        d: `M${x1.toFixed(1)} ${y1.toFixed(1)}Q${cx.toFixed(1)} ${cy.toFixed(1)} ${x2.toFixed(1)} ${y2.toFixed(1)}`,
        stroke: typeColor(edge.type),
        "stroke-width": Math.min(2 + Math.log2(edge.count || 1) * 1.5, 8),
      });
      const title = svg("title");
      title.textContent = `${names.get(edge.source)} \u2192 ${names.get(edge.target)}: ${edge.type} (${edge.count})`;
      path.append(title);
      edgeGroup.append(path);
    }

    // Labels go to the busiest actors first; one that would overlap another is left out
    // (the actor's name is still its tooltip and its accessible name).
    const placed = [];
    const labels = new Map();
    const byCount = [...nodes].sort((a, b) => (b.event_count || 0) - (a.event_count || 0));
    const radius = (node) => 5 + 9 * Math.sqrt((node.event_count || 0) / maxCount);
    byCount.forEach((node, rank) => {
      const [x, y] = at.get(node.id);
      const r = radius(node);
      const w = node.name.length * LABEL_CHAR;
      const h = LABEL_HEIGHT;
      const outward = x > width / 2 ? -1 : 1;
      // Beside the node (away from the centre first), then the other side, then above, below.
      const candidates = [
        { dx: outward * (r + 4), dy: 0, anchor: outward > 0 ? "start" : "end" },
        { dx: -outward * (r + 4), dy: 0, anchor: outward > 0 ? "end" : "start" },
        { dx: 0, dy: -(r + 8), anchor: "middle" },
        { dx: 0, dy: r + 10, anchor: "middle" },
      ];
      // The busiest actors are always named, even over a neighbouring dot.
      for (const strict of rank < 5 ? [true, false] : [true]) {
        for (const c of candidates) {
          const left = c.anchor === "start" ? x + c.dx : c.anchor === "end" ? x + c.dx - w : x - w / 2;
          const area = { x0: left, x1: left + w, y0: y + c.dy - h / 2, y1: y + c.dy + h / 2 };
          if (area.x0 < 2 || area.x1 > width - 2 || area.y0 < 2 || area.y1 > height - 2) continue;
          const hitsNode = strict && nodes.some((other) => {
            const [ox, oy] = at.get(other.id);
            const orad = radius(other);
            return ox + orad > area.x0 && ox - orad < area.x1 && oy + orad > area.y0 && oy - orad < area.y1;
          });
          if (!hitsNode && !placed.some((b) => overlaps(b, area))) {
            placed.push(area);
            labels.set(node.id, c);
            return;
          }
        }
      }
    });

    const nodeGroup = svg("g", { class: "nodes" });
    for (const node of nodes) {
      const [x, y] = at.get(node.id);
      const count = node.event_count || 0;
      const r = 5 + 9 * Math.sqrt(count / maxCount);
      const selected = this.actor && (this.actor === node.name || this.actor === node.id);
      const label = `${node.name}${node.type ? `, ${node.type}` : ""}: ${count} event${count === 1 ? "" : "s"}.` +
        (selected ? " Shown now." : " Press Enter to show only this actor's events.");
      const known = node.id !== node.name;
      const g = svg("g", {
        class: `node${selected ? " selected" : ""}${known ? "" : " unlinked"}${labels.has(node.id) ? "" : " unlabelled"}`,
        transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`,
        tabindex: 0,
        role: "button",
        "aria-label": label,
      });
      g.dataset.id = node.id;
      g.dataset.name = node.name;
      const title = svg("title");
      title.textContent = label.replace(/ Press Enter.*$/, "");
      const place = labels.get(node.id) || { dx: r + 4, dy: 0, anchor: "start" };
      const text = svg("text", { class: "node-label", x: place.dx, y: place.dy, dy: "0.35em", "text-anchor": place.anchor });
      text.textContent = node.name;
      g.append(title, svg("circle", { r }), text);
      const select = () => this.onSelectActor(node.name);
      g.addEventListener("click", select);
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          select();
        }
      });
      nodeGroup.append(g);
    }
    const parts = [edgeGroup, nodeGroup];
    if (this.hiddenCount) {
      const note = svg("text", { class: "network-note", x: 12, y: height - 10 });
      note.textContent = `${this.hiddenCount} actor${this.hiddenCount === 1 ? "" : "s"} not drawn` +
        (this.showLoose.checked ? ` (only the ${MAX_NODES} busiest are)` : " (no links; tick \u201cactors without links\u201d)");
      parts.push(note);
    }
    this.svg.replaceChildren(...parts);
    // A light backdrop under each shown label keeps it readable where links cross it.
    for (const text of nodeGroup.querySelectorAll(".node:not(.unlabelled) .node-label")) {
      const box = text.getBBox();
      const backdrop = svg("rect", { class: "label-backdrop", x: box.x - 2, y: box.y, width: box.width + 4, height: box.height, rx: 3 });
      text.before(backdrop);
    }
  }
}
