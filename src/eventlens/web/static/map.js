// The event map: an SVG in Web-Mercator with country outlines (works offline), optional raster
// tiles, and markers for the events counted by the server per grid cell (/api/clusters): first
// over the whole world on a coarse grid (every matching event, and the fit of the view), then on a
// grid fine enough for the zoom, for the cells in view. Cells whose markers would overlap on
// screen are drawn as one marker.

import { renderLegend, typeColor } from "./colors.js";

const SVG = "http://www.w3.org/2000/svg";
const TILE = 256;
const MAX_LAT = 85.0511287798;
const MIN_ZOOM = 1;
const MAX_ZOOM = 14;
const FIT_MAX_ZOOM = 7; // a single place is shown with its surroundings
// Outline paths are drawn once in world pixels at this zoom and scaled for the others.
const OUTLINE_ZOOM = 8;
// The lines between admin1 regions are shown from this zoom in, where a country such as Syria is
// a few hundred pixels wide; further out they would only blur the countries.
const ADMIN1_MIN_ZOOM = 5;
// The lines between regions are drawn from GeoNames' towns (CC BY 4.0), which asks for credit.
const OUTLINES_CREDIT = "Outlines: Natural Earth, GeoNames";
const CELL = 44; // cluster grid cell, screen pixels
const PAN_STEP = 100;
// The whole world's grid, degrees: fine enough to fit the view to a province, coarse enough
// that a million events make a few thousand cells at most.
export const WORLD_CELL = 1;
// The view fits the middle 96% of the events in each direction: a few far-away places (often a
// wrong reading) do not stretch it over an ocean.
const FIT_QUANTILE = 0.02;
const MAX_LABELS = 30; // place names drawn, the busiest places first
const REFINE_DELAY_MS = 120;

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

/** SVG path data of a line of [lon, lat] points, in world pixels at OUTLINE_ZOOM. */
function linePath(points) {
  let d = "";
  for (let i = 0; i < points.length; i++) {
    const [x, y] = project(points[i][0], points[i][1], OUTLINE_ZOOM);
    d += `${i ? "L" : "M"}${x.toFixed(1)} ${y.toFixed(1)}`;
  }
  return d;
}

function outlinePath(geometry) {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons.flatMap((polygon) => polygon.map((ring) => `${linePath(ring)}Z`)).join("");
}

function markerRadius(count) {
  return count === 1 ? 7 : Math.min(22, 10 + 3 * Math.log2(count));
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export class EventMap {
  /** ``loadCells(cell, view, signal)`` asks /api/clusters for the current filters; ``loadAdmin1()``
   * asks for the lines between admin1 regions, the first time the map is zoomed in far enough;
   * ``onOpenCell(cell)`` opens the one event of a marker; ``onSelectPlace(geonameid, name)`` lists
   * the events of a place. */
  constructor(container, { onOpenCell, onSelectPlace, loadCells, loadAdmin1 }) {
    this.container = container;
    this.onOpenCell = onOpenCell;
    this.onSelectPlace = onSelectPlace;
    this.loadCells = loadCells;
    this.loadAdmin1 = loadAdmin1;
    this.admin1Requested = false;
    this.zoom = 3;
    this.center = project(40, 33, 0); // world pixels at zoom 0; the Levant until events arrive
    this.width = 800;
    this.height = 500;
    this.tileUrl = null;
    this.worldCells = [];
    this.cells = [];
    this.cellSize = WORLD_CELL;
    this.selected = null; // [lat, lon] of the open event
    this.refineTimer = 0;
    this.refineAbort = null;
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
    this.admin1 = svg("g", { class: "admin1", "aria-hidden": "true", display: "none" });
    this.markers = svg("g", { class: "markers" });
    this.labels = svg("g", { class: "labels", "aria-hidden": "true" });
    this.world.append(this.tiles, this.outlines, this.admin1, this.labels, this.markers);
    this.svg.append(this.ocean, this.world);

    const help = document.createElement("p");
    help.id = "map-help";
    help.className = "visually-hidden";
    help.textContent =
      "Each marker counts the events of a place or of nearby places. Press Enter on a marker to open its event, " +
      "to list the events at that place, or to zoom in.";

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
    this.legendToggle = document.createElement("button");
    this.legendToggle.type = "button";
    this.legendToggle.className = "legend-head";
    this.legendToggle.textContent = "Event types";
    this.legendToggle.setAttribute("aria-expanded", "true");
    this.legendToggle.addEventListener("click", () => this.showLegend(this.legendToggle.getAttribute("aria-expanded") !== "true"));
    this.legendList = document.createElement("ul");
    this.legendList.id = "map-legend-types";
    this.legendToggle.setAttribute("aria-controls", this.legendList.id);
    this.unplaced = document.createElement("p");
    this.unplaced.className = "legend-note";
    this.unplaced.id = "map-note";
    this.legend.append(this.legendToggle, this.legendList, this.unplaced);

    this.credit = document.createElement("p");
    this.credit.className = "map-credit";
    this.credit.textContent = OUTLINES_CREDIT;

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
    if (first) this.showLegend(this.width >= 600); // a phone's map shows its markers, not the legend
    if (first && this.worldCells.length) this.fit();
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

  /** The lines between each country's admin1 regions (GeoJSON MultiLineStrings), one path per country. */
  setAdmin1(collection) {
    const fragment = document.createDocumentFragment();
    for (const feature of collection.features || []) {
      const path = svg("path", { d: feature.geometry.coordinates.map(linePath).join(""), class: "admin1-line" });
      path.dataset.iso = feature.properties.iso_a2;
      fragment.append(path);
    }
    this.admin1.replaceChildren(fragment);
  }

  /** The admin1 lines at country level and closer, asked for the first time they are wanted. */
  showAdmin1() {
    const wanted = this.zoom >= ADMIN1_MIN_ZOOM;
    this.admin1.setAttribute("display", wanted ? "inline" : "none");
    if (!wanted || this.admin1Requested) return;
    this.admin1Requested = true;
    this.loadAdmin1().then(
      (collection) => this.setAdmin1(collection),
      (err) => console.warn("admin1 lines:", err.message),
    );
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
      this.credit.textContent = `${OUTLINES_CREDIT} \u00b7 Tiles: ${host}`;
    }
    this.renderTiles();
  }

  showLegend(open) {
    this.legendToggle.setAttribute("aria-expanded", String(open));
    this.legendList.hidden = !open;
  }

  /** Show the matching events: ``world`` is /api/clusters over the whole world (cell WORLD_CELL);
   * ``refit`` moves the view to them. Finer cells for the view follow. */
  setClusters(world, { refit = false } = {}) {
    this.worldCells = world.cells;
    this.cells = world.cells;
    this.cellSize = world.cell;
    this.located = world.cells.reduce((n, c) => n + c.count, 0);
    this.unplacedCount = world.unplaced;
    const types = new Set(world.cells.flatMap((c) => c.types.map(([t]) => t || "OTHER")));
    renderLegend(this.legendList, types);
    this.legend.hidden = types.size === 0 && !world.unplaced;
    if (refit || !this.anyVisible()) this.fit();
    else this.place();
  }

  /** The open event's place, marked on the map (null: none). */
  select(place) {
    this.selected = place && Number.isFinite(place.lat) ? [place.lat, place.lon] : null;
    this.markSelected();
  }

  /** Countries with events are shaded: ``countries`` holds their ISO codes. */
  markCountries(countries = this.activeCountries || new Set()) {
    this.activeCountries = countries;
    for (const path of this.outlines.children) {
      path.classList.toggle("active", countries.has(path.dataset.iso));
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
    const scale = `scale(${2 ** (this.zoom - OUTLINE_ZOOM)})`;
    this.outlines.setAttribute("transform", scale);
    this.admin1.setAttribute("transform", scale);
    this.showAdmin1();
    this.renderTiles();
    this.renderMarkers();
    this.refineSoon();
  }

  anyVisible() {
    if (!this.sized) return false;
    const [tx, ty] = this.translation();
    return this.worldCells.some((c) => {
      const [x, y] = project(c.lon, c.lat, this.zoom);
      return x + tx >= 0 && x + tx <= this.width && y + ty >= 0 && y + ty <= this.height;
    });
  }

  /** Fit the view to the events, but for the farthest 2% on each side (see FIT_QUANTILE). */
  fit() {
    let west = 10, east = 60, north = 42, south = 10; // the Middle East and North Africa
    if (this.worldCells.length) {
      [west, east] = weightedRange(this.worldCells, (c) => c.lon, FIT_QUANTILE);
      [south, north] = weightedRange(this.worldCells, (c) => c.lat, FIT_QUANTILE);
    }
    // Half a world cell around the cells' centres, so the fitted events are inside, not on the edge.
    west -= WORLD_CELL / 2;
    east += WORLD_CELL / 2;
    south -= WORLD_CELL / 2;
    north += WORLD_CELL / 2;
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

  /** The view as [west, south, east, north] in degrees; null when it shows the whole world's width. */
  viewBox() {
    const [tx, ty] = this.translation();
    const [west, north] = unproject(-tx / this.scale, -ty / this.scale, 0);
    const [east, south] = unproject((this.width - tx) / this.scale, (this.height - ty) / this.scale, 0);
    if (east - west >= 360) return null;
    const wrap = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
    return [wrap(west), Math.max(-90, south), wrap(east), Math.min(90, north)];
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

  /** Degrees of the grid that gives cells of about CELL pixels at this zoom. */
  wantedCell() {
    return (360 * CELL) / (TILE * this.scale);
  }

  refineSoon() {
    clearTimeout(this.refineTimer);
    if (!this.sized || !this.worldCells.length) return;
    // data-loading says (to tests, and to styles) that the markers of this view are on their way.
    this.container.dataset.loading = "1";
    this.refineTimer = setTimeout(() => this.refine(), REFINE_DELAY_MS);
  }

  /** The cells of the view on a grid fine enough for the zoom (the world's grid when it is). */
  async refine() {
    if (this.refineAbort) this.refineAbort.abort();
    const wanted = this.wantedCell();
    if (wanted >= WORLD_CELL) {
      if (this.cells !== this.worldCells) {
        this.cells = this.worldCells;
        this.renderMarkers();
      }
      this.container.dataset.cell = String(WORLD_CELL);
      delete this.container.dataset.loading;
      return;
    }
    // Powers of two of the world's cell, so that nearby zooms share their answers (and the cache's).
    const cell = WORLD_CELL / 2 ** Math.ceil(Math.log2(WORLD_CELL / wanted));
    const abort = (this.refineAbort = new AbortController());
    try {
      const answer = await this.loadCells(cell, this.viewBox(), abort.signal);
      this.cells = answer.cells;
      this.container.dataset.cell = String(cell);
      this.renderMarkers();
    } catch (err) {
      if (err.name !== "AbortError") console.warn("map cells:", err.message);
    } finally {
      if (this.refineAbort === abort) delete this.container.dataset.loading;
    }
  }

  /** Markers: the cells binned on a screen grid, neighbours that would overlap merged. */
  clusters() {
    const bins = new Map();
    for (const cell of this.cells) {
      const [x, y] = project(cell.lon, cell.lat, this.zoom);
      const key = `${Math.floor(x / CELL)}:${Math.floor(y / CELL)}`;
      if (!bins.has(key)) bins.set(key, { cells: [], sx: 0, sy: 0, n: 0 });
      const bin = bins.get(key);
      bin.cells.push(cell);
      bin.sx += x * cell.count;
      bin.sy += y * cell.count;
      bin.n += cell.count;
    }
    const groups = [...bins.values()];
    for (let merged = true; merged; ) {
      merged = false;
      for (let i = 0; i < groups.length && !merged; i++) {
        for (let j = i + 1; j < groups.length && !merged; j++) {
          const a = groups[i];
          const b = groups[j];
          const gap = Math.hypot(a.sx / a.n - b.sx / b.n, a.sy / a.n - b.sy / b.n);
          if (gap < markerRadius(a.n) + markerRadius(b.n) + 4) {
            a.cells.push(...b.cells);
            a.sx += b.sx;
            a.sy += b.sy;
            a.n += b.n;
            groups.splice(j, 1);
            merged = true;
          }
        }
      }
    }
    return groups.map((group) => {
      const x = group.sx / group.n;
      const y = group.sy / group.n;
      const [lon, lat] = unproject(x, y, this.zoom);
      const types = new Map();
      for (const cell of group.cells) for (const [t, n] of cell.types) types.set(t || "OTHER", (types.get(t || "OTHER") || 0) + n);
      // One place: the cluster lists its events; else its label names its busiest place.
      const single = group.cells.length === 1 && group.cells[0].places === 1 && group.cells[0].geonameid !== null ? group.cells[0] : null;
      const busiest = group.cells.reduce((a, b) => (b.count > a.count ? b : a));
      return {
        x, y, lat, lon, count: group.n, types, cells: group.cells,
        place: single ? { geonameid: single.geonameid, name: single.place } : null,
        label: busiest.place,
      };
    });
  }

  renderMarkers() {
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest(".marker");
    const focusedAt = focused ? `${focused.dataset.lat},${focused.dataset.lon}` : null;
    const fragment = document.createDocumentFragment();
    const labels = document.createDocumentFragment();
    let refocus = null;
    // Smaller clusters last, so they are drawn (and tabbed to) above bigger neighbours.
    const clusters = this.clusters().sort((a, b) => b.count - a.count || a.y - b.y);
    const [tx, ty] = this.translation();
    let shown = 0;
    let labelled = 0;
    for (const cluster of clusters) {
      const marker = this.marker(cluster);
      if (focusedAt && `${marker.dataset.lat},${marker.dataset.lon}` === focusedAt) refocus = marker;
      fragment.append(marker);
      const onScreen = cluster.x + tx >= 0 && cluster.x + tx <= this.width && cluster.y + ty >= 0 && cluster.y + ty <= this.height;
      if (onScreen) shown += cluster.count;
      if (onScreen && cluster.label && labelled < MAX_LABELS) {
        const label = svg("text", { class: "place-label", x: (cluster.x + markerRadius(cluster.count) + 4).toFixed(1), y: cluster.y.toFixed(1), dy: "0.35em" });
        label.textContent = cluster.label;
        labels.append(label);
        labelled += 1;
      }
    }
    this.markers.replaceChildren(fragment);
    this.labels.replaceChildren(labels);
    this.container.dataset.shown = String(shown);
    this.describe(shown);
    this.markSelected();
    if (refocus) refocus.focus();
  }

  /** The note under the legend: which matching events the map does not show, and why. */
  describe(shown) {
    const notes = [];
    if (this.unplacedCount) notes.push(`${plural(this.unplacedCount, "event")} without a place ${this.unplacedCount === 1 ? "is" : "are"} on no map`);
    const outside = (this.located || 0) - shown;
    if (outside > 0) notes.push(`${plural(outside, "event")} outside this view`);
    this.unplaced.textContent = notes.join("; ");
  }

  markSelected() {
    let best = null;
    if (this.selected) {
      const [x, y] = project(this.selected[1], this.selected[0], this.zoom);
      for (const marker of this.markers.children) {
        const d = Math.hypot(Number(marker.dataset.x) - x, Number(marker.dataset.y) - y);
        if (d <= markerRadius(Number(marker.dataset.count)) + 2 && (!best || d < best.d)) best = { marker, d };
      }
    }
    for (const marker of this.markers.children) marker.classList.toggle("selected", Boolean(best) && marker === best.marker);
  }

  marker(cluster) {
    const { count, place } = cluster;
    const ranked = [...cluster.types.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const dominant = ranked[0][0];
    const summary = ranked.map(([t, n]) => `${t} ${n}`).join(", ");
    const where = place ? place.name || "an unnamed place" : `${plural(cluster.cells.length, "area")}`;
    let label;
    if (count === 1) label = `${dominant} at ${where}. Press Enter to open it.`;
    else if (place) label = `${plural(count, "event")} at ${where}: ${summary}. Press Enter to list them.`;
    else label = `${plural(count, "event")} in ${where}: ${summary}. Press Enter to zoom in.`;

    const g = svg("g", {
      class: "marker",
      tabindex: 0,
      role: "button",
      "aria-label": label,
      transform: `translate(${cluster.x.toFixed(1)} ${cluster.y.toFixed(1)})`,
    });
    g.dataset.lat = String(cluster.lat);
    g.dataset.lon = String(cluster.lon);
    g.dataset.x = String(cluster.x);
    g.dataset.y = String(cluster.y);
    g.dataset.count = String(count);
    g.dataset.type = dominant;
    if (place) g.dataset.place = String(place.geonameid);
    const radius = markerRadius(count);
    const title = svg("title");
    title.textContent = label.replace(/ Press Enter.*$/, "");
    g.append(title, svg("circle", { r: radius, fill: typeColor(dominant), class: "marker-dot" }));
    if (ranked.length > 1) {
      // A ring around a mixed cluster shows each type's share, clockwise from the top.
      const r = radius + 3.5;
      const circumference = 2 * Math.PI * r;
      let offset = 0;
      for (const [type, n] of ranked) {
        const length = (n / count) * circumference;
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
    if (count > 1) {
      const text = svg("text", { class: "marker-count", "text-anchor": "middle", dy: "0.35em" });
      text.textContent = count >= 10000 ? `${Math.round(count / 1000)}k` : String(count);
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
    if (cluster.count === 1) {
      this.onOpenCell(cluster.cells[0]);
    } else if (cluster.place) {
      this.onSelectPlace(String(cluster.place.geonameid), cluster.place.name);
    } else {
      const to = Math.min(MAX_ZOOM, this.zoom + 2);
      const factor = 2 ** (to - this.zoom);
      this.zoom = to;
      this.center = [(cluster.x * factor) / this.scale, (cluster.y * factor) / this.scale];
      this.place();
    }
  }
}

/** The [low, high] of ``value`` over weighted cells, leaving out ``share`` of the weight at each end. */
export function weightedRange(cells, value, share) {
  const sorted = [...cells].sort((a, b) => value(a) - value(b));
  const total = sorted.reduce((n, c) => n + c.count, 0);
  const at = (target) => {
    let seen = 0;
    for (const c of sorted) {
      seen += c.count;
      if (seen > target) return value(c);
    }
    return value(sorted[sorted.length - 1]);
  };
  return [at(total * share), at(total * (1 - share) - 1e-9)];
}
