// The event map: an SVG in Web-Mercator with country outlines (works offline), optional raster
// tiles, and markers clustered on a screen-space grid at the current zoom.

import { renderLegend, typeColor } from "./colors.js";

const SVG = "http://www.w3.org/2000/svg";
const TILE = 256;
const MAX_LAT = 85.0511287798;
const MIN_ZOOM = 1;
const MAX_ZOOM = 14;
const FIT_MAX_ZOOM = 7; // a single place is shown with its surroundings
// Outline paths are drawn once in world pixels at this zoom and scaled for the others.
const OUTLINE_ZOOM = 8;
const CELL = 44; // cluster grid cell, screen pixels
const PAN_STEP = 100;

function svg(name, attributes = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

/** World pixel coordinates of a point at a zoom level (the world is 256 * 2^zoom pixels wide). */
export function project(lon, lat, zoom = 0) {
  const size = TILE * 2 ** zoom;
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  const x = ((lon + 180) / 360) * size;
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size;
  return [x, y];
}

export function unproject(x, y, zoom = 0) {
  const size = TILE * 2 ** zoom;
  const lon = (x / size) * 360 - 180;
  const n = Math.PI - (2 * Math.PI * y) / size;
  const lat = (180 / Math.PI) * Math.atan(Math.sinh(n));
  return [lon, lat];
}

function outlinePath(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  const parts = [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      let d = "";
      for (let i = 0; i < ring.length; i++) {
        const [x, y] = project(ring[i][0], ring[i][1], OUTLINE_ZOOM);
        d += `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`;
      }
      parts.push(`${d}Z`);
    }
  }
  return parts.join("");
}

function markerRadius(count) {
  return count === 1 ? 7 : Math.min(22, 10 + 3 * Math.log2(count));
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export class EventMap {
  constructor(container, { onOpenEvent, onSelectPlace }) {
    this.container = container;
    this.onOpenEvent = onOpenEvent;
    this.onSelectPlace = onSelectPlace;
    this.zoom = 3;
    this.center = project(40, 33, 0); // world pixels at zoom 0; the Levant until events arrive
    this.width = 800;
    this.height = 500;
    this.tileUrl = null;
    this.events = [];
    this.activeCountries = new Set();
    this.build();
  }

  build() {
    this.svg = svg("svg", {
      class: "map-svg",
      tabindex: 0,
      role: "group",
      "aria-label": "Map of events. Arrow keys pan, plus and minus zoom, 0 fits the view to the events.",
      "aria-describedby": "map-help",
    });
    this.ocean = svg("rect", { class: "ocean", x: 0, y: 0, width: "100%", height: "100%" });
    this.world = svg("g", { class: "world" });
    this.tiles = svg("g", { class: "tiles", "aria-hidden": "true" });
    this.outlines = svg("g", { class: "outlines", "aria-hidden": "true" });
    this.markers = svg("g", { class: "markers" });
    this.world.append(this.tiles, this.outlines, this.markers);
    this.svg.append(this.ocean, this.world);

    const help = document.createElement("p");
    help.id = "map-help";
    help.className = "visually-hidden";
    help.textContent =
      "Each marker is a place with events; its number counts them. Press Enter on a marker to open its event, " +
      "or to list the events at that place.";

    this.controls = document.createElement("div");
    this.controls.className = "map-controls";
    this.controls.append(
      this.button("+", "Zoom in", () => this.zoomBy(1)),
      this.button("\u2212", "Zoom out", () => this.zoomBy(-1)),
      this.button("\u2922", "Fit the view to the events", () => this.fit()),
    );

    this.legend = document.createElement("section");
    this.legend.className = "legend";
    this.legend.setAttribute("aria-label", "Legend");
    const heading = document.createElement("h3");
    heading.textContent = "Event types";
    this.legendList = document.createElement("ul");
    this.unplaced = document.createElement("p");
    this.unplaced.className = "legend-note";
    this.legend.append(heading, this.legendList, this.unplaced);

    this.credit = document.createElement("p");
    this.credit.className = "map-credit";
    this.credit.textContent = "Outlines: Natural Earth";

    this.container.append(this.svg, help, this.controls, this.legend, this.credit);
    this.bindPointer();
    this.bindKeys();
    new ResizeObserver(() => this.resize()).observe(this.container);
    this.resize();
  }

  button(text, label, action) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.setAttribute("aria-label", label);
    b.title = label;
    b.addEventListener("click", action);
    return b;
  }

  resize() {
    const box = this.svg.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) return;
    const first = !this.sized;
    this.width = box.width;
    this.height = box.height;
    this.sized = true;
    if (first && this.events.length) this.fit();
    else this.place();
  }

  // ---- data ----------------------------------------------------------------------------

  setOutlines(collection) {
    const fragment = document.createDocumentFragment();
    for (const feature of collection.features || []) {
      if (!feature.geometry) continue;
      const path = svg("path", { d: outlinePath(feature.geometry), class: "country" });
      const iso = feature.properties && feature.properties.iso_a2;
      if (iso) path.dataset.iso = iso;
      fragment.append(path);
    }
    this.outlines.replaceChildren(fragment);
    this.markCountries();
  }

  setTileUrl(url) {
    this.tileUrl = url || null;
    this.container.classList.toggle("with-tiles", Boolean(this.tileUrl));
    if (this.tileUrl) {
      let host = this.tileUrl;
      try {
        host = new URL(this.tileUrl.replace(/[{}]/g, ""), location.href).host;
      } catch (_) {
        // A template that is not a URL; show it as given.
      }
      this.credit.textContent = `Outlines: Natural Earth \u00b7 Tiles: ${host}`;
    }
    this.renderTiles();
  }

  /** Show these events (EventItems); ``refit`` moves the view to them. */
  setEvents(items, { refit = false } = {}) {
    this.events = items;
    this.activeCountries = new Set(items.map((e) => e.place && e.place.country).filter(Boolean));
    this.markCountries();
    const located = items.filter((e) => this.located(e));
    const types = new Set(located.map((e) => e.type || "OTHER"));
    renderLegend(this.legendList, types);
    this.legend.hidden = types.size === 0 && located.length === items.length;
    const missing = items.length - located.length;
    this.unplaced.textContent = missing ? `${plural(missing, "event")} without a place ${missing === 1 ? "is" : "are"} not on the map` : "";
    if (refit || !this.anyVisible(located)) this.fit();
    else this.renderMarkers();
  }

  located(event) {
    const p = event.place;
    return p && Number.isFinite(p.lat) && Number.isFinite(p.lon);
  }

  markCountries() {
    for (const path of this.outlines.children) {
      path.classList.toggle("active", this.activeCountries.has(path.dataset.iso));
    }
  }

  // ---- view ----------------------------------------------------------------------------

  get scale() {
    return 2 ** this.zoom;
  }

  translation() {
    return [this.width / 2 - this.center[0] * this.scale, this.height / 2 - this.center[1] * this.scale];
  }

  place() {
    const [tx, ty] = this.translation();
    this.world.setAttribute("transform", `translate(${tx.toFixed(1)} ${ty.toFixed(1)})`);
    this.outlines.setAttribute("transform", `scale(${2 ** (this.zoom - OUTLINE_ZOOM)})`);
    this.renderTiles();
    this.renderMarkers();
  }

  anyVisible(located) {
    if (!this.sized) return false;
    const [tx, ty] = this.translation();
    return located.some((e) => {
      const [x, y] = project(e.place.lon, e.place.lat, this.zoom);
      return x + tx >= 0 && x + tx <= this.width && y + ty >= 0 && y + ty <= this.height;
    });
  }

  fit() {
    const located = this.events.filter((e) => this.located(e));
    let west = 10, east = 60, north = 42, south = 10; // the Middle East and North Africa
    if (located.length) {
      west = Math.min(...located.map((e) => e.place.lon));
      east = Math.max(...located.map((e) => e.place.lon));
      south = Math.min(...located.map((e) => e.place.lat));
      north = Math.max(...located.map((e) => e.place.lat));
    }
    const [x0, y0] = project(west, north, 0);
    const [x1, y1] = project(east, south, 0);
    const pad = 60;
    const spanX = Math.max(x1 - x0, 1e-6);
    const spanY = Math.max(y1 - y0, 1e-6);
    const fitted = Math.floor(Math.log2(Math.min((this.width - 2 * pad) / spanX, (this.height - 2 * pad) / spanY)));
    this.zoom = Math.max(MIN_ZOOM, Math.min(FIT_MAX_ZOOM, fitted));
    this.center = [(x0 + x1) / 2, (y0 + y1) / 2];
    this.place();
  }

  /** Zoom by whole steps, keeping the point under ``[sx, sy]`` (screen) in place. */
  zoomBy(delta, at = null) {
    const zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.zoom + delta));
    if (zoom === this.zoom) return;
    const [sx, sy] = at || [this.width / 2, this.height / 2];
    const [tx, ty] = this.translation();
    const wx = (sx - tx) / this.scale;
    const wy = (sy - ty) / this.scale;
    this.zoom = zoom;
    this.center = [wx - (sx - this.width / 2) / this.scale, wy - (sy - this.height / 2) / this.scale];
    this.place();
  }

  panBy(dx, dy) {
    this.center = [this.center[0] - dx / this.scale, this.center[1] - dy / this.scale];
    this.place();
  }

  /** Mark the marker that holds the open event. */
  select(key) {
    this.selectedKey = key || "";
    for (const marker of this.markers.children) {
      marker.classList.toggle("selected", Boolean(key) && marker.dataset.keys.split(" ").includes(key));
    }
  }

  // ---- input ---------------------------------------------------------------------------

  bindPointer() {
    let drag = null;
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || e.target.closest(".marker")) return;
      drag = { id: e.pointerId, x: e.clientX, y: e.clientY, center: this.center };
      this.svg.setPointerCapture(e.pointerId);
      this.svg.classList.add("dragging");
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const dx = e.clientX - drag.x;
      const dy = e.clientY - drag.y;
      this.center = [drag.center[0] - dx / this.scale, drag.center[1] - dy / this.scale];
      const [tx, ty] = this.translation();
      this.world.setAttribute("transform", `translate(${tx.toFixed(1)} ${ty.toFixed(1)})`);
    });
    const end = (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag = null;
      this.svg.classList.remove("dragging");
      this.place();
    };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);

    let wheel = 0;
    this.svg.addEventListener(
      "wheel",
      (e) => {
        e.preventDefault();
        wheel += e.deltaMode === 0 ? e.deltaY : e.deltaY * 40;
        if (Math.abs(wheel) < 60) return;
        const box = this.svg.getBoundingClientRect();
        this.zoomBy(wheel < 0 ? 1 : -1, [e.clientX - box.left, e.clientY - box.top]);
        wheel = 0;
      },
      { passive: false },
    );
  }

  bindKeys() {
    this.svg.addEventListener("keydown", (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const moves = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
      if (moves[e.key]) this.panBy(...moves[e.key]);
      else if (e.key === "+" || e.key === "=") this.zoomBy(1);
      else if (e.key === "-" || e.key === "_") this.zoomBy(-1);
      else if (e.key === "0") this.fit();
      else return;
      e.preventDefault();
    });
  }

  // ---- tiles ---------------------------------------------------------------------------

  renderTiles() {
    if (!this.tileUrl || !this.sized) {
      this.tiles.replaceChildren();
      return;
    }
    const [tx, ty] = this.translation();
    const n = 2 ** this.zoom;
    const fragment = document.createDocumentFragment();
    const x0 = Math.floor(-tx / TILE);
    const x1 = Math.floor((this.width - tx) / TILE);
    const y0 = Math.max(0, Math.floor(-ty / TILE));
    const y1 = Math.min(n - 1, Math.floor((this.height - ty) / TILE));
    for (let x = x0; x <= x1; x++) {
      for (let y = y0; y <= y1; y++) {
        const wrapped = ((x % n) + n) % n;
        const href = this.tileUrl
          .replace("{z}", this.zoom)
          .replace("{x}", wrapped)
          .replace("{y}", y)
          .replace("{s}", "abc"[(wrapped + y) % 3]);
        const image = svg("image", { x: x * TILE, y: y * TILE, width: TILE, height: TILE, href });
        image.addEventListener("error", () => image.remove());
        fragment.append(image);
      }
    }
    this.tiles.replaceChildren(fragment);
  }

  // ---- markers -------------------------------------------------------------------------

  clusters() {
    const places = new Map();
    for (const event of this.events) {
      if (!this.located(event)) continue;
      const p = event.place;
      const key = `${p.lat},${p.lon}`;
      if (!places.has(key)) places.set(key, { lat: p.lat, lon: p.lon, place: p, events: [] });
      places.get(key).events.push(event);
    }
    const cells = new Map();
    for (const location of places.values()) {
      const [x, y] = project(location.lon, location.lat, this.zoom);
      const key = `${Math.floor(x / CELL)}:${Math.floor(y / CELL)}`;
      if (!cells.has(key)) cells.set(key, { locations: [], sx: 0, sy: 0, n: 0 });
      const cell = cells.get(key);
      cell.locations.push({ ...location, x, y });
      cell.sx += x * location.events.length;
      cell.sy += y * location.events.length;
      cell.n += location.events.length;
    }
    // Neighbouring cells whose markers would overlap are merged, so no marker hides another.
    const groups = [...cells.values()];
    for (let merged = true; merged; ) {
      merged = false;
      for (let i = 0; i < groups.length && !merged; i++) {
        for (let j = i + 1; j < groups.length && !merged; j++) {
          const a = groups[i];
          const b = groups[j];
          const gap = Math.hypot(a.sx / a.n - b.sx / b.n, a.sy / a.n - b.sy / b.n);
          if (gap < markerRadius(a.n) + markerRadius(b.n) + 4) {
            a.locations.push(...b.locations);
            a.sx += b.sx;
            a.sy += b.sy;
            a.n += b.n;
            groups.splice(j, 1);
            merged = true;
          }
        }
      }
    }
    return groups.map((cell) => {
      const single = cell.locations.length === 1 ? cell.locations[0] : null;
      const x = single ? single.x : cell.sx / cell.n;
      const y = single ? single.y : cell.sy / cell.n;
      const [lon, lat] = single ? [single.lon, single.lat] : unproject(x, y, this.zoom);
      const events = cell.locations.flatMap((l) => l.events);
      return { x, y, lat, lon, events, locations: cell.locations, single };
    });
  }

  renderMarkers() {
    const focusedKey = document.activeElement && document.activeElement.closest && document.activeElement.closest(".marker")
      ? document.activeElement.dataset.keys
      : null;
    const fragment = document.createDocumentFragment();
    let refocus = null;
    // Smaller clusters last, so they are drawn (and tabbed to) above bigger neighbours.
    const clusters = this.clusters().sort((a, b) => b.events.length - a.events.length || a.y - b.y);
    for (const cluster of clusters) {
      const marker = this.marker(cluster);
      if (focusedKey && marker.dataset.keys === focusedKey) refocus = marker;
      fragment.append(marker);
    }
    this.markers.replaceChildren(fragment);
    if (this.selectedKey) this.select(this.selectedKey);
    if (refocus) refocus.focus();
  }

  marker(cluster) {
    const { events, single } = cluster;
    const counts = new Map();
    for (const e of events) counts.set(e.type || "OTHER", (counts.get(e.type || "OTHER") || 0) + 1);
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const dominant = ranked[0][0];
    const summary = ranked.map(([t, n]) => `${t} ${n}`).join(", ");
    const where = single ? single.place.name || "an unnamed place" : `${cluster.locations.length} places`;
    let label;
    if (events.length === 1) {
      const e = events[0];
      label = `${e.type || "Event"}${e.date ? ` on ${e.date}` : ""} at ${where}. Press Enter to open it.`;
    } else if (single) {
      label = `${plural(events.length, "event")} at ${where}: ${summary}. Press Enter to list them.`;
    } else {
      label = `${plural(events.length, "event")} at ${where}: ${summary}. Press Enter to zoom in.`;
    }

    const g = svg("g", {
      class: "marker",
      tabindex: 0,
      role: "button",
      "aria-label": label,
      transform: `translate(${cluster.x.toFixed(1)} ${cluster.y.toFixed(1)})`,
    });
    g.dataset.lat = String(cluster.lat);
    g.dataset.lon = String(cluster.lon);
    g.dataset.count = String(events.length);
    g.dataset.locations = String(cluster.locations.length);
    g.dataset.keys = events.map((e) => e.key).join(" ");
    g.dataset.type = dominant;
    if (events.length === 1) g.dataset.key = events[0].key;
    const radius = markerRadius(events.length);
    const title = svg("title");
    title.textContent = label.replace(/ Press Enter.*$/, "");
    g.append(title, svg("circle", { r: radius, fill: typeColor(dominant), class: "marker-dot" }));
    if (ranked.length > 1) {
      // A ring around a mixed cluster shows each type's share, clockwise from the top.
      const r = radius + 3.5;
      const circumference = 2 * Math.PI * r;
      let offset = 0;
      for (const [type, n] of ranked) {
        const length = (n / events.length) * circumference;
        g.append(svg("circle", {
          r,
          class: "marker-share",
          stroke: typeColor(type),
          "stroke-dasharray": `${length.toFixed(2)} ${circumference.toFixed(2)}`,
          "stroke-dashoffset": (-offset).toFixed(2),
          transform: "rotate(-90)",
        }));
        offset += length;
      }
    }
    if (events.length > 1) {
      const text = svg("text", { class: "marker-count", "text-anchor": "middle", dy: "0.35em" });
      text.textContent = String(events.length);
      g.append(text);
    }
    const activate = () => this.activate(cluster);
    g.addEventListener("click", activate);
    g.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") {
        e.preventDefault();
        e.stopPropagation();
        activate();
      }
    });
    return g;
  }

  activate(cluster) {
    if (cluster.events.length === 1) {
      this.onOpenEvent(cluster.events[0].key);
    } else if (cluster.single) {
      const p = cluster.single.place;
      this.onSelectPlace(p.geonameid != null ? String(p.geonameid) : p.name, p.name);
    } else {
      const to = Math.min(MAX_ZOOM, this.zoom + 2);
      const factor = 2 ** (to - this.zoom);
      this.zoom = to;
      this.center = [(cluster.x * factor) / this.scale, (cluster.y * factor) / this.scale];
      this.place();
    }
  }
}
