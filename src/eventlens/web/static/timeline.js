// The timeline: an SVG histogram of events (or of their fatalities) per day, week or month.
// Dragging across it (or pressing Enter on a bar) picks a period, which becomes the since/until filter.

const SVG = "http://www.w3.org/2000/svg";
const DAY = 86400000;
const MARGIN = { left: 34, right: 12, top: 10, bottom: 22 };
const MAX_BINS = 3000;

function svg(name, attributes = {}) {
  const el = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) el.setAttribute(key, String(value));
  return el;
}

// Dates may come as YYYY, YYYY-MM or YYYY-MM-DD; a partial date stands for its first day.
const toTime = (iso) => Date.parse(`${String(iso).slice(0, 10)}${["", "", "", "", "-01-01", "", "", "-01"][String(iso).length] || ""}T00:00:00Z`);
const toIso = (time) => new Date(time).toISOString().slice(0, 10);

function binEnd(start, bucket) {
  if (bucket === "day") return start + DAY;
  if (bucket === "week") return start + 7 * DAY;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

function binLabel(start, bucket) {
  const d = new Date(start);
  const options = bucket === "month"
    ? { month: "short", year: "numeric", timeZone: "UTC" }
    : { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" };
  const text = d.toLocaleDateString("en-GB", options);
  return bucket === "week" ? `week of ${text}` : text;
}

/** The bucket that gives a readable number of bars for a date range [min, max]. */
export function bucketFor(range) {
  if (!range || !range[0] || !range[1]) return "day";
  const days = (toTime(range[1]) - toTime(range[0])) / DAY;
  if (days <= 120) return "day";
  if (days <= 3 * 365) return "week";
  return "month";
}

export class Timeline {
  constructor(container, { onBrush, note }) {
    this.container = container;
    this.onBrush = onBrush;
    this.bins = [];
    this.bucket = "day";
    this.metric = "count";
    this.since = "";
    this.until = "";
    this.svg = svg("svg", {
      class: "timeline-svg",
      role: "group",
      "aria-label": "Events over time. Drag across the bars, or press Enter on a bar, to show only that period.",
    });
    this.note = note;
    container.append(this.svg);
    this.bindBrush();
    new ResizeObserver(() => this.render()).observe(container);
  }

  /** ``histogram`` is the /api/histogram answer; since/until the current period filter. */
  setData(histogram, since, until) {
    this.bucket = histogram.bucket || "day";
    const counts = new Map(histogram.bins.map((b) => [toTime(b.start), b]));
    const empty = { count: 0, fatalities: 0 };
    const starts = [...counts.keys()].sort((a, b) => a - b);
    this.bins = [];
    if (starts.length) {
      // Fill the empty bins in between so the axis is true to time.
      let t = starts[0];
      const last = starts[starts.length - 1];
      while (t <= last && this.bins.length < MAX_BINS) {
        const { count, fatalities } = counts.get(t) || empty;
        this.bins.push({ start: t, end: binEnd(t, this.bucket), count, fatalities });
        t = binEnd(t, this.bucket);
      }
      if (t <= last) {
        this.bins = starts.map((s) => ({ start: s, end: binEnd(s, this.bucket), count: counts.get(s).count, fatalities: counts.get(s).fatalities }));
      }
    }
    const undated = histogram.undated || 0;
    this.note.textContent = undated ? `${undated} undated event${undated === 1 ? " is" : "s are"} not shown here.` : "";
    this.setPeriod(since, until);
  }

  /** "count" draws the events per bar, "fatalities" the fatalities they report. */
  setMetric(metric) {
    this.metric = metric === "fatalities" ? "fatalities" : "count";
    this.render();
  }

  setPeriod(since, until) {
    this.since = since || "";
    this.until = until || "";
    this.render();
  }

  geometry() {
    const box = this.svg.getBoundingClientRect();
    const width = Math.max(box.width, 200);
    const height = Math.max(box.height, 60);
    const t0 = this.bins.length ? this.bins[0].start : 0;
    const t1 = this.bins.length ? this.bins[this.bins.length - 1].end : 1;
    const plotWidth = width - MARGIN.left - MARGIN.right;
    const x = (t) => MARGIN.left + ((t - t0) / (t1 - t0)) * plotWidth;
    const time = (px) => t0 + ((px - MARGIN.left) / plotWidth) * (t1 - t0);
    return { width, height, x, time, plotHeight: height - MARGIN.top - MARGIN.bottom };
  }

  binAt(time) {
    let found = this.bins[0];
    for (const bin of this.bins) {
      if (bin.start <= time) found = bin;
      else break;
    }
    return found;
  }

  render() {
    const { width, height, x, plotHeight } = this.geometry();
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    const fragment = document.createDocumentFragment();
    const base = MARGIN.top + plotHeight;
    fragment.append(svg("line", { class: "axis", x1: MARGIN.left, x2: width - MARGIN.right, y1: base, y2: base }));
    if (!this.bins.length) {
      const empty = svg("text", { class: "timeline-empty", x: width / 2, y: height / 2, "text-anchor": "middle" });
      empty.textContent = "No dated events match the filters.";
      fragment.append(empty);
      this.svg.replaceChildren(fragment);
      return;
    }
    const value = (bin) => bin[this.metric];
    const noun = (n) => (this.metric === "fatalities" ? (n === 1 ? "fatality" : "fatalities") : n === 1 ? "event" : "events");
    const max = Math.max(...this.bins.map(value), 1);
    const top = svg("text", { class: "tick", x: MARGIN.left - 6, y: MARGIN.top + 4, "text-anchor": "end" });
    top.textContent = String(max);
    const zero = svg("text", { class: "tick", x: MARGIN.left - 6, y: base, "text-anchor": "end" });
    zero.textContent = "0";
    fragment.append(top, zero);

    const since = this.since ? toTime(this.since) : null;
    const until = this.until ? toTime(this.until) + DAY : null;
    const bars = svg("g", { class: "bars" });
    for (const bin of this.bins) {
      const x0 = x(bin.start);
      const barWidth = Math.max(1, x(bin.end) - x0 - 1);
      const h = (value(bin) / max) * plotHeight;
      const inside = (since === null || bin.end > since) && (until === null || bin.start < until);
      const n = value(bin);
      const label = `${binLabel(bin.start, this.bucket)}: ${n} ${noun(n)}`;
      const bar = svg("rect", {
        class: `bar${inside ? "" : " outside"}`,
        x: x0 + 0.5,
        y: base - h,
        width: barWidth,
        height: Math.max(h, n ? 1 : 0),
      });
      // A tall transparent hit area, so short bars are easy to point at and to focus.
      const hit = svg("rect", {
        class: "bar-hit",
        x: x0,
        y: MARGIN.top,
        width: barWidth + 1,
        height: plotHeight,
        tabindex: bin.count ? 0 : -1,
        role: "button",
        "aria-label": `${label}. Press Enter to show only this period.`,
      });
      hit.dataset.start = toIso(bin.start);
      hit.dataset.count = String(bin.count);
      const title = svg("title");
      title.textContent = label;
      hit.append(title);
      hit.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          this.onBrush(toIso(bin.start), toIso(bin.end - DAY));
        }
      });
      bars.append(bar, hit);
    }
    fragment.append(bars);

    const ticks = Math.max(1, Math.floor((width - MARGIN.left - MARGIN.right) / 110));
    const step = Math.max(1, Math.ceil(this.bins.length / ticks));
    for (let i = 0; i < this.bins.length; i += step) {
      const tick = svg("text", { class: "tick", x: x(this.bins[i].start), y: height - 6, "text-anchor": "start" });
      tick.textContent = binLabel(this.bins[i].start, this.bucket).replace("week of ", "");
      fragment.append(tick);
    }
    if (since !== null || until !== null) {
      const from = since === null ? this.bins[0].start : Math.max(since, this.bins[0].start);
      const to = until === null ? this.bins[this.bins.length - 1].end : Math.min(until, this.bins[this.bins.length - 1].end);
      if (to > from) {
        fragment.append(svg("rect", { class: "brush", x: x(from), y: MARGIN.top - 4, width: x(to) - x(from), height: plotHeight + 4 }));
      }
    }
    this.selection = svg("rect", { class: "brush live", x: 0, y: MARGIN.top - 4, width: 0, height: plotHeight + 4 });
    this.selection.setAttribute("visibility", "hidden");
    fragment.append(this.selection);
    this.svg.replaceChildren(fragment);
  }

  bindBrush() {
    let drag = null;
    const local = (e) => e.clientX - this.svg.getBoundingClientRect().left;
    this.svg.addEventListener("pointerdown", (e) => {
      if (e.button !== 0 || !this.bins.length) return;
      e.preventDefault();
      drag = { id: e.pointerId, from: local(e), to: local(e) };
      this.svg.setPointerCapture(e.pointerId);
    });
    this.svg.addEventListener("pointermove", (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      drag.to = local(e);
      const a = Math.min(drag.from, drag.to);
      const b = Math.max(drag.from, drag.to);
      this.selection.setAttribute("x", a);
      this.selection.setAttribute("width", b - a);
      this.selection.setAttribute("visibility", "visible");
    });
    const end = (e) => {
      if (!drag || e.pointerId !== drag.id) return;
      const { time } = this.geometry();
      const a = Math.min(drag.from, drag.to);
      const b = Math.max(drag.from, drag.to);
      drag = null;
      if (e.type === "pointercancel") {
        this.render();
        return;
      }
      // A click picks one bar; a drag picks every bar it touches.
      const first = this.binAt(time(a));
      const last = this.binAt(time(b));
      this.onBrush(toIso(first.start), toIso(last.end - DAY));
    };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
  }
}
