// The page's entry point: builds the views and keeps them in step with the state in the URL hash.

import * as api from "./api.js";
import { FilterBar, emptyFilters, hashFor, readHash, sameFilters } from "./filters.js";
import { EventMap } from "./map.js";
import { ActorNetwork } from "./network.js";
import { EventList, EventPanel } from "./panel.js";
import { Timeline, bucketFor } from "./timeline.js";

const state = { filters: emptyFilters(), event: "", view: "map" };
let bucket = "day";
let dateRange = null;
let placeName = "";
let generation = 0;
let loads = 0;
let controller = null;
let firstLoad = true;

const $ = (id) => document.getElementById(id);
const main = $("main");
const status = $("status");
const problem = $("problem");

const filterBar = new FilterBar($("filters"), { onChange: (filters) => navigate({ filters, event: "" }) });
const map = new EventMap($("map"), {
  onOpenEvent: (key) => navigate({ event: key }),
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
const list = new EventList($("event-list"), $("more"), { onOpen: (key) => navigate({ event: key }) });
const panel = new EventPanel($("event-panel"), { onClose: () => navigate({ event: "" }) });

$("bucket").addEventListener("change", (e) => {
  bucket = e.target.value === "auto" ? bucketFor(dateRange) : e.target.value;
  reload();
});
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
  if (!next.filters.place) placeName = "";
  state.filters = next.filters;
  state.event = next.event;
  filterBar.set(state.filters, placeName);
  showView(next.view);
  if (filtersChanged) reload();
  if (eventChanged) showEvent();
  firstLoad = false;
}

function showEvent() {
  const key = state.event;
  list.select(key);
  map.select(key);
  const events = $("events");
  if (key) {
    events.hidden = true;
    panel.open(key);
  } else {
    const wasOpen = !$("event-panel").hidden;
    panel.close();
    events.hidden = false;
    if (wasOpen) list.focusSelected();
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
  if (view === "network") network.render();
  else map.resize();
}

function describe(count, truncated) {
  const active = Object.entries(state.filters).filter(([, v]) => v);
  const what = `${truncated ? "More than " : ""}${count} event${count === 1 && !truncated ? "" : "s"}`;
  if (!active.length) return `${what} in the database.`;
  const parts = active.map(([k, v]) => (k === "place" ? `place ${placeName || v}` : `${k} ${v}`));
  return `${what} match ${parts.join(", ")}.`;
}

async function reload() {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  const mine = ++generation;
  const filters = { ...state.filters };
  const refit = generation === 1;
  main.setAttribute("aria-busy", "true");
  status.textContent = "Loading events\u2026";
  try {
    const [all, hist, net, page] = await Promise.all([
      api.allEvents(filters, { signal }),
      api.histogram(filters, bucket, { signal }),
      api.network(filters, { signal }),
      list.fetch(filters, signal),
    ]);
    if (mine !== generation) return;
    if (filters.place && !placeName) {
      const match = all.items.find((e) => e.place && (String(e.place.geonameid) === filters.place || e.place.name === filters.place));
      if (match) {
        placeName = match.place.name;
        filterBar.set(state.filters, placeName);
      }
    }
    map.setEvents(all.items, { refit });
    map.select(state.event);
    timeline.setData(hist, filters.since, filters.until);
    network.setData(net, filters.actor);
    list.show(page, filters);
    list.select(state.event);
    status.textContent = describe(all.items.length, all.truncated);
    problem.hidden = true;
  } catch (err) {
    if (err.name === "AbortError") return;
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

function plural(n, word) {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

async function start() {
  bindTabs();
  window.addEventListener("popstate", () => applyState(readHash()));
  let info = null;
  try {
    info = await api.meta();
  } catch (err) {
    showProblem(err);
  }
  if (info) {
    dateRange = info.date_range;
    bucket = bucketFor(dateRange);
    filterBar.setTypes(info.types || []);
    map.setTileUrl(info.tile_url);
    const c = info.counts || {};
    $("db-counts").textContent = [
      plural(c.documents || 0, "report"),
      plural(c.events || 0, "event"),
      plural(c.actors || 0, "actor"),
      plural(c.places || 0, "place"),
    ].join(" \u00b7 ");
  }
  filterBar.suggest();
  api.outlines().then((geojson) => map.setOutlines(geojson), showProblem);
  applyState(readHash());
}

start();
