// The page's entry point: builds the views and keeps them in step with the state in the URL hash.
// Everything is counted by the server over every matching event: the map's cells, the timeline,
// the region table and the network; the list pages through them.

import * as api from "./api.js";
import { FilterBar, emptyFilters, hashFor, readHash, sameFilters } from "./filters.js";
import { EventMap, WORLD_CELL } from "./map.js";
import { ActorNetwork } from "./network.js";
import { EventList, EventPanel } from "./panel.js";
import { RegionTable } from "./regions.js";
import { Timeline, bucketFor } from "./timeline.js";

const state = { filters: emptyFilters(), event: "", view: "map", order: "newest" };
// The timeline's bars until /api/meta tells the dates covered (then automatic: bucketFor).
let bucket = "month";
let dateRange = null;
let placeName = "";
let generation = 0;
let loads = 0;
let controller = null;
let firstLoad = true;
// The network is drawn when its tab is shown; these are the filters it was last drawn for.
let networkFilters = null;
// Resolved when the first markers are drawn (or their load failed): /api/meta waits for it.
let markersShown;
const firstMarkers = new Promise((resolve) => {
  markersShown = resolve;
});

const $ = (id) => document.getElementById(id);
const main = $("main");
const status = $("status");
const problem = $("problem");
const narrow = window.matchMedia("(max-width: 900px)");

const filterBar = new FilterBar($("filters"), { onChange: (filters) => navigate({ filters, event: "" }) });
const map = new EventMap($("map"), {
  loadCells: (cell, view, signal) => api.clusters(state.filters, { cell, view, signal }),
  loadAdmin1: () => api.admin1Boundaries(),
  onOpenCell: (cell) => openEventAt(cell),
  onSelectPlace: (place, name) => {
    placeName = name || "";
    navigate({ filters: { ...state.filters, place }, event: "" });
  },
});
const timeline = new Timeline($("timeline"), {
  onBrush: (since, until) => navigate({ filters: { ...state.filters, since, until }, event: "" }),
  note: $("timeline-note"),
});
const network = new ActorNetwork($("network"), {
  onSelectActor: (actor) => navigate({ filters: { ...state.filters, actor }, event: "" }),
});
const regions = new RegionTable($("regions"), {
  onSelect: (country, admin1) => navigate({ filters: { ...state.filters, country, admin1 }, event: "", view: "map" }),
});
const list = new EventList($("event-list"), $("more"), { onOpen: (key) => navigate({ event: key }) });
const panel = new EventPanel($("event-panel"), {
  onClose: () => navigate({ event: "" }),
  onCorrected: () => reload({ refit: false }),
});

$("bucket").addEventListener("change", (e) => {
  bucket = e.target.value === "auto" ? bucketFor(dateRange) : e.target.value;
  reload({ refit: false });
});
$("metric").addEventListener("change", (e) => timeline.setMetric(e.target.value));
$("order").addEventListener("change", (e) => navigate({ order: e.target.value }));
$("timeline-clear").addEventListener("click", () =>
  navigate({ filters: { ...state.filters, since: "", until: "" }, event: "" }),
);

function showProblem(err) {
  console.error(err);
  problem.textContent = `Something went wrong: ${err.message}`;
  problem.hidden = false;
}

/** Change the state: a new history entry, then the page follows it. */
function navigate(changes) {
  const next = { ...state, ...changes };
  const hash = hashFor(next);
  const url = hash === "#" ? location.pathname + location.search : hash;
  if ((location.hash || "#") !== hash) history.pushState(null, "", url);
  applyState(readHash(hash));
}

function applyState(next) {
  const filtersChanged = firstLoad || !sameFilters(next.filters, state.filters);
  const eventChanged = firstLoad || next.event !== state.event;
  const orderChanged = next.order !== state.order;
  if (!next.filters.place) placeName = "";
  state.filters = next.filters;
  state.event = next.event;
  state.order = next.order;
  $("order").value = state.order;
  filterBar.set(state.filters, placeName);
  showView(next.view);
  if (filtersChanged) reload({ refit: true });
  else if (orderChanged) reloadList();
  if (eventChanged) showEvent();
  firstLoad = false;
}

function showEvent() {
  const key = state.event;
  list.select(key);
  const events = $("events");
  if (key) {
    events.hidden = true;
    panel.open(key).then(() => {
      map.select(panel.place);
      // On a phone the panel is below the map: bring it into view, not the map.
      if (narrow.matches) $("event-panel").scrollIntoView({ block: "start" });
    });
  } else {
    const wasOpen = !$("event-panel").hidden;
    panel.close();
    map.select(null);
    events.hidden = false;
    if (wasOpen) list.focusSelected();
  }
}

/** Open the one event of a map cell: the event at its coordinates that matches the filters. */
async function openEventAt(cell) {
  const near = 1e-6;
  const bbox = [cell.lon - near, cell.lat - near, cell.lon + near, cell.lat + near].join(",");
  try {
    const page = await api.eventsPage({ ...state.filters, bbox }, { limit: 1 });
    if (page.items.length) navigate({ event: page.items[0].key });
  } catch (err) {
    showProblem(err);
  }
}

function showView(view) {
  state.view = view;
  for (const tab of document.querySelectorAll("[role=tab]")) {
    const selected = tab.dataset.view === view;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(tab.getAttribute("aria-controls")).hidden = !selected;
  }
  if (view === "network") loadNetwork();
  else if (view === "map") map.resize();
}

/** The network of the current filters, fetched when its tab is shown (it is the slowest count). */
async function loadNetwork(signal) {
  if (state.view !== "network") return;
  if (networkFilters && sameFilters(networkFilters, state.filters)) {
    network.render();
    return;
  }
  const filters = { ...state.filters };
  try {
    const net = await api.network(filters, { signal });
    if (!sameFilters(filters, state.filters)) return;
    networkFilters = filters;
    network.setData(net, filters.actor);
  } catch (err) {
    if (err.name !== "AbortError") showProblem(err);
  }
}

function plural(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

function describe(count) {
  const active = Object.entries(state.filters).filter(([, v]) => v);
  const what = plural(count, "event");
  if (!active.length) return `${what} in the database.`;
  const parts = active.map(([k, v]) => {
    if (k === "place") return `place ${placeName || v}`;
    if (k === "fatal") return "with fatalities";
    return `${k} ${v}`;
  });
  return `${what} match ${parts.join(", ")}.`;
}

function setDownloads(filters) {
  for (const link of document.querySelectorAll("#downloads a[data-format]")) {
    link.href = api.exportUrl(filters, link.dataset.format);
  }
}

async function reloadList() {
  try {
    const page = await list.fetch(state.filters, state.order);
    list.show(page, state.filters, state.order);
    list.select(state.event);
  } catch (err) {
    showProblem(err);
  }
}

/** Everything the filters change: the map first (its cells over the whole world), then the counts,
 * the list and the region table; ``refit`` moves the map to the matching events. */
async function reload({ refit }) {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const mine = ++generation;
  const filters = { ...state.filters };
  main.setAttribute("aria-busy", "true");
  status.textContent = "Loading events\u2026";
  setDownloads(filters);
  try {
    // The markers first, alone: on a large store every count competes for the same few cores.
    const cells = await api.clusters(filters, { cell: WORLD_CELL, signal });
    if (mine !== generation) return;
    map.setClusters(cells, { refit });
    markersShown();
    const hist = api.histogram(filters, bucket, { signal });
    const page = list.fetch(filters, state.order, signal);
    const counts = api.regions(filters, { signal });
    const histogram = await hist;
    const total = histogram.bins.reduce((n, b) => n + b.count, histogram.undated);
    status.textContent = describe(total);
    timeline.setData(histogram, filters.since, filters.until);
    const first = await page;
    if (mine !== generation) return;
    if (filters.place && !placeName) {
      const match = first.items.find((e) => e.place && (String(e.place.geonameid) === filters.place || e.place.name === filters.place));
      if (match) {
        placeName = match.place.name;
        filterBar.set(state.filters, placeName);
        status.textContent = describe(total);
      }
    }
    list.show(first, filters, state.order);
    list.select(state.event);
    const byRegion = await counts;
    if (mine !== generation) return;
    regions.setData(byRegion);
    map.markCountries(new Set(byRegion.map((r) => r.country).filter(Boolean)));
    await loadNetwork(signal);
    problem.hidden = true;
  } catch (err) {
    if (err.name === "AbortError") return;
    markersShown();
    status.textContent = "The events could not be loaded.";
    showProblem(err);
  } finally {
    if (mine === generation) {
      main.setAttribute("aria-busy", "false");
      loads += 1;
      document.body.dataset.loads = String(loads);
    }
  }
}

$("event-panel").addEventListener("keydown", (e) => {
  if (e.key === "Escape" && state.event) {
    e.preventDefault();
    navigate({ event: "" });
  }
});

function bindTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => navigate({ view: tab.dataset.view }));
    tab.addEventListener("keydown", (e) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!step) return;
      e.preventDefault();
      const next = tabs[(i + step + tabs.length) % tabs.length];
      next.focus();
      navigate({ view: next.dataset.view });
    });
  });
}

async function start() {
  bindTabs();
  window.addEventListener("popstate", () => applyState(readHash()));
  api.outlines().then((geojson) => {
    map.setOutlines(geojson);
    const names = new Map();
    for (const f of geojson.features || []) if (f.properties && f.properties.iso_a2) names.set(f.properties.iso_a2, f.properties.name);
    regions.setCountryNames(names);
  }, showProblem);
  applyState(readHash());
  // What the store holds (a count of everything) once the first markers are drawn.
  await firstMarkers;
  try {
    showMeta(await api.meta());
  } catch (err) {
    showProblem(err);
  } finally {
    document.body.dataset.meta = "loaded"; // the type list, the counts and the write access are known
  }
}

function showMeta(info) {
  dateRange = info.date_range;
  filterBar.setTypes(info.types || []);
  map.setTileUrl(info.tile_url);
  panel.setWritable(!info.read_only);
  const c = info.counts || {};
  $("db-counts").textContent = [
    plural(c.documents || 0, "report"),
    plural(c.events || 0, "event"),
    plural(c.actors || 0, "actor"),
    plural(c.places || 0, "place"),
  ].join(" \u00b7 ");
  if ($("bucket").value === "auto" && bucketFor(dateRange) !== bucket) {
    bucket = bucketFor(dateRange);
    reloadTimeline();
  }
  if (state.event) showEvent(); // the panel learns whether it may offer corrections
}

/** The timeline alone, in another bucket. */
async function reloadTimeline() {
  try {
    const histogram = await api.histogram(state.filters, bucket);
    timeline.setData(histogram, state.filters.since, state.filters.until);
  } catch (err) {
    showProblem(err);
  }
}

start();
