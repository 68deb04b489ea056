// The event list (paged with next_cursor, newest or oldest first) and the event panel: the report
// with its evidence highlighted, who says so, how sure, what analysts corrected and, with the
// server's token, a form to correct it.
// Every text from a report goes into the page as a text node, never as markup.

import { correct, eventDetail, eventsPage } from "./api.js";
import { TYPE_COLORS, typeColor } from "./colors.js";

const TOKEN_KEY = "eventlens-token"; // kept for the browser tab's session only

const PAGE = 50;
const LANG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (attrs) for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, v);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** dir="auto" and the report's language on an element holding report text. */
function asReportText(node, language) {
  node.setAttribute("dir", "auto");
  if (language && LANG.test(language)) node.setAttribute("lang", language);
  return node;
}

function typeChip(type) {
  const chip = el("span", { className: "type-chip", text: type || "EVENT" });
  chip.style.setProperty("--type-color", typeColor(type));
  return chip;
}

function actorNames(refs) {
  return (refs || []).map((a) => a.name || a.text).filter(Boolean).join(", ");
}

function placeText(place) {
  if (!place) return "";
  return [place.name, place.admin1, place.country].filter(Boolean).join(", ");
}

function truncate(text, n) {
  return text.length > n ? `${text.slice(0, n - 1)}\u2026` : text;
}

export function splitKey(key) {
  const cut = key.indexOf("/");
  return cut < 0 ? [key, ""] : [key.slice(0, cut), key.slice(cut + 1)];
}

export class EventList {
  constructor(list, more, { onOpen }) {
    this.list = list;
    this.more = more;
    this.onOpen = onOpen;
    this.filters = null;
    this.order = "newest";
    this.cursor = null;
    this.selected = "";
    more.addEventListener("click", () => this.loadMore());
  }

  fetch(filters, order, signal) {
    return eventsPage(filters, { limit: PAGE, order, signal });
  }

  show(page, filters, order) {
    this.filters = filters;
    this.order = order;
    this.list.replaceChildren();
    this.append(page);
  }

  append(page) {
    for (const item of page.items) this.list.append(this.item(item));
    this.cursor = page.next_cursor;
    this.more.hidden = !this.cursor;
    if (!this.list.children.length) {
      this.list.append(el("li", { className: "empty", text: "No events match the filters." }));
    }
  }

  async loadMore() {
    if (!this.cursor) return;
    this.more.disabled = true;
    try {
      const count = this.list.children.length;
      this.append(await eventsPage(this.filters, { limit: PAGE, cursor: this.cursor, order: this.order }));
      const next = this.list.children[count];
      if (next && next.querySelector("button")) next.querySelector("button").focus();
    } finally {
      this.more.disabled = false;
    }
  }

  item(event) {
    const language = event.document && event.document.language;
    const head = el("span", { className: "item-head" }, typeChip(event.type));
    if (event.date) head.append(el("span", { className: "item-date", text: event.date }));
    if (event.modality && event.modality !== "asserted") head.append(el("span", { className: "badge", text: event.modality }));
    if (event.corrected) head.append(el("span", { className: "badge corrected", text: "corrected" }));
    const doer = actorNames(event.actor1);
    const target = actorNames(event.actor2);
    const who = doer && target ? `${doer} \u2192 ${target}` : doer || (target ? `\u2192 ${target}` : "");
    const button = el(
      "button",
      { className: "event-item", attrs: { type: "button" } },
      head,
      event.place ? el("span", { className: "item-place", text: placeText(event.place) }) : null,
      who ? asReportText(el("span", { className: "item-actors", text: who }), language) : null,
      asReportText(el("span", { className: "item-evidence", text: truncate(event.evidence ? event.evidence.text : "", 200) }), language),
    );
    button.dataset.key = event.key;
    if (event.key === this.selected) button.setAttribute("aria-current", "true");
    button.addEventListener("click", () => this.onOpen(event.key));
    return el("li", {}, button);
  }

  select(key) {
    this.selected = key;
    for (const button of this.list.querySelectorAll("button.event-item")) {
      if (button.dataset.key === key) button.setAttribute("aria-current", "true");
      else button.removeAttribute("aria-current");
    }
  }

  focusSelected() {
    const button = [...this.list.querySelectorAll("button.event-item")].find((b) => b.dataset.key === this.selected);
    if (button) button.focus();
  }
}

export class EventPanel {
  constructor(article, { onClose, onCorrected }) {
    this.article = article;
    this.onClose = onClose;
    this.onCorrected = onCorrected;
    this.abort = null;
    this.key = "";
    this.place = null; // the open event's place, for the map
    this.writable = false;
  }

  /** Whether the server takes corrections (it was started with a token). */
  setWritable(writable) {
    this.writable = writable;
  }

  async open(key) {
    if (this.abort) this.abort.abort();
    this.abort = new AbortController();
    this.key = key;
    this.article.hidden = false;
    this.article.setAttribute("aria-busy", "true");
    const [documentId, eventId] = splitKey(key);
    try {
      const detail = await eventDetail(documentId, eventId, { signal: this.abort.signal });
      this.render(detail);
    } catch (err) {
      if (err.name === "AbortError") return;
      this.article.replaceChildren(
        this.header(null),
        el("p", { className: "error", text: err.status === 404 ? "This event is no longer in the database." : `Cannot load the event: ${err.message}` }),
      );
    } finally {
      this.article.setAttribute("aria-busy", "false");
    }
    const title = this.article.querySelector("h2");
    if (title) title.focus({ preventScroll: true });
  }

  close() {
    if (this.abort) this.abort.abort();
    this.key = "";
    this.place = null;
    this.article.hidden = true;
    this.article.replaceChildren();
  }

  header(event) {
    const back = el("button", { className: "back", text: "\u2190 All events", attrs: { type: "button" } });
    back.addEventListener("click", () => this.onClose());
    const title = el("h2", { attrs: { id: "panel-title", tabindex: "-1" } });
    if (event) {
      title.append(typeChip(event.type));
      if (event.mode) title.append(document.createTextNode(` ${event.mode}`));
    } else {
      title.textContent = "Event";
    }
    const header = el("header", { className: "panel-head" }, back, title);
    if (event && (event.acled_type || event.acled_subtype)) {
      header.append(el("p", { className: "acled", text: `ACLED: ${[event.acled_type, event.acled_subtype].filter(Boolean).join(" \u2014 ")}` }));
    }
    return header;
  }

  render(detail) {
    const event = detail.event;
    this.place = event.place;
    const doc = { ...(event.document || {}), ...(detail.document || {}) };
    const language = doc.language;
    const machine = event.machine || {};

    const facts = el("dl", { className: "facts" });
    const fact = (term, value, { report = false, was } = {}) => {
      if (value === null || value === undefined || value === "") return;
      const dd = el("dd", { text: value });
      if (report) asReportText(dd, language);
      if (was !== undefined) {
        dd.append(el("span", { className: "machine", text: ` (machine: ${was || "none"})` }));
      }
      facts.append(el("dt", { text: term }), dd);
    };
    const when = event.date
      ? `${event.date}${event.time_precision && event.time_precision !== "day" ? ` (${event.time_precision})` : ""}${event.historical ? ", recalled" : ""}`
      : "unknown";
    fact("Date", when);
    if (event.place) {
      const p = event.place;
      const coords = Number.isFinite(p.lat) ? ` \u2014 ${p.lat.toFixed(4)}, ${p.lon.toFixed(4)}` : "";
      const precision = p.precision ? ` (precision ${p.precision})` : "";
      fact("Place", `${placeText(p)}${coords}${precision}`, { was: "place" in machine ? placeText(machine.place) : undefined });
      if (p.text && p.text !== p.name) fact("Place as written", p.text, { report: true });
    } else {
      fact("Place", "none found");
    }
    fact("Actor", actorNames(event.actor1), { report: true, was: "actor1" in machine ? actorNames(machine.actor1) : undefined });
    fact("Target or counterpart", actorNames(event.actor2), { report: true, was: "actor2" in machine ? actorNames(machine.actor2) : undefined });
    fact("Also involved", actorNames(event.associated), { report: true });
    if ("type" in machine) fact("Type", event.type, { was: machine.type });
    fact("Modality", event.modality);
    const a = event.attribution || {};
    const attribution = [a.speaker ? `said by ${a.speaker}` : null, a.sourcing ? `${a.sourcing} sourcing` : null, a.outlet ? `reported by ${a.outlet}` : null]
      .filter(Boolean)
      .join("; ");
    fact("Attribution", attribution, { report: true });
    if (typeof event.confidence === "number") fact("Confidence", `${Math.round(event.confidence * 100)}%`);
    if (event.fatalities !== null && event.fatalities !== undefined) fact("Fatalities", String(event.fatalities));

    const evidence = event.evidence || { text: "", start: 0, end: 0 };
    const report = this.reportText(doc.text || "", evidence, language);

    const source = el("p", { className: "source" });
    if (doc.title) source.append(asReportText(el("strong", { text: doc.title }), language), document.createTextNode(" "));
    const meta = [doc.outlet, doc.published, language ? `language: ${language}` : null].filter(Boolean).join(" \u00b7 ");
    source.append(el("span", { text: meta }));
    if (doc.url && /^https?:\/\//i.test(doc.url)) {
      source.append(
        document.createTextNode(" \u00b7 "),
        el("a", { text: "original", attrs: { href: doc.url, rel: "noopener noreferrer nofollow", target: "_blank" } }),
      );
    }

    const sections = [
      this.header(event),
      event.corrected ? el("p", { className: "badge corrected", text: "Corrected by an analyst" }) : null,
      facts,
      el("section", { className: "evidence-block", attrs: { "aria-labelledby": "evidence-title" } },
        el("h3", { text: "Evidence", attrs: { id: "evidence-title" } }),
        asReportText(el("blockquote", { className: "evidence", text: evidence.text }), language)),
      el("section", { className: "report-block", attrs: { "aria-labelledby": "report-title" } },
        el("h3", { text: "Report", attrs: { id: "report-title" } }),
        source,
        report),
    ];
    const corrections = detail.corrections || [];
    if (corrections.length) {
      const list = el("ul", { className: "corrections" });
      for (const c of corrections) {
        const value = typeof c.value === "string" ? c.value : c.value && c.value.name ? c.value.name : JSON.stringify(c.value);
        list.append(el("li", {},
          el("strong", { text: `${c.field}: ` }), el("span", { text: value, attrs: { dir: "auto" } }),
          el("span", { className: "muted", text: ` \u2014 ${c.analyst || "analyst"}${c.created_at ? `, ${c.created_at}` : ""}` }),
          c.note ? el("span", { className: "note", text: ` \u201c${c.note}\u201d`, attrs: { dir: "auto" } }) : null));
      }
      sections.push(el("section", { className: "corrections-block", attrs: { "aria-labelledby": "corrections-title" } },
        el("h3", { text: "Corrections", attrs: { id: "corrections-title" } }), list));
    }
    if (this.writable) sections.push(this.correctionForm(event));
    this.article.replaceChildren(...sections.filter(Boolean));
    const mark = report.querySelector("mark");
    if (mark) {
      // Scroll the report box (only) so the evidence is in view.
      report.scrollTop = Math.max(0, mark.offsetTop - report.offsetTop - report.clientHeight / 3);
    }
  }

  /** The form that corrects the type, the actors or the place; the machine's answer stays stored. */
  correctionForm(event) {
    const form = el("form", { className: "correct-form", attrs: { "aria-labelledby": "correct-title" } });
    const field = (id, label, input) => {
      input.id = id;
      return el("div", { className: "field" }, el("label", { text: label, attrs: { for: id } }), input);
    };
    const type = el("select", { attrs: { name: "type" } });
    for (const name of Object.keys(TYPE_COLORS)) type.append(new Option(name, name, false, name === event.type));
    const current = {
      type: event.type,
      actor1: actorNames(event.actor1),
      actor2: actorNames(event.actor2),
      place: event.place ? event.place.name : "",
    };
    const text = (name, value, placeholder) => el("input", { attrs: { name, type: "text", value, placeholder, dir: "auto" } });
    const token = el("input", { attrs: { name: "token", type: "password", autocomplete: "off", required: "" } });
    token.value = sessionStorage.getItem(TOKEN_KEY) || "";
    const outcome = el("p", { className: "correct-outcome", attrs: { role: "status" } });
    form.append(
      el("h3", { text: "Correct this event", attrs: { id: "correct-title" } }),
      field("c-type", "Type", type),
      field("c-actor1", "Actor", text("actor1", current.actor1, "none")),
      field("c-actor2", "Target or counterpart", text("actor2", current.actor2, "none")),
      field("c-place", "Place", text("place", current.place, "none")),
      field("c-note", "Note", text("note", "", "why (optional)")),
      field("c-token", "Token", token),
      el("button", { className: "primary", text: "Save corrections", attrs: { type: "submit" } }),
      outcome,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const values = Object.fromEntries(["type", "actor1", "actor2", "place"].map((k) => [k, form.elements[k].value.trim()]));
      const changed = Object.keys(values).filter((k) => values[k] !== current[k]);
      if (!changed.length) {
        outcome.textContent = "Nothing changed.";
        return;
      }
      sessionStorage.setItem(TOKEN_KEY, token.value);
      const note = form.elements.note.value.trim() || null;
      try {
        for (const name of changed) {
          await correct(this.key, { field: name, value: values[name] || null, note }, token.value);
        }
      } catch (err) {
        outcome.textContent = `Not saved: ${err.message}`;
        return;
      }
      const key = this.key;
      await this.open(key);
      this.onCorrected(key);
    });
    return form;
  }

  /** The report's text with the evidence span in a <mark>. */
  reportText(text, evidence, language) {
    const box = asReportText(el("div", { className: "report-text", attrs: { tabindex: "0", "aria-label": "Report text; the evidence is highlighted" } }), language);
    let start = evidence.start;
    let end = evidence.end;
    if (!(Number.isInteger(start) && Number.isInteger(end) && text.slice(start, end) === evidence.text)) {
      // Offsets index the cleaned text; should they ever disagree, find the sentence itself.
      start = evidence.text ? text.indexOf(evidence.text) : -1;
      end = start + evidence.text.length;
    }
    if (start < 0 || !text) {
      box.textContent = text || "(the report text is not stored)";
      return box;
    }
    box.append(
      document.createTextNode(text.slice(0, start)),
      el("mark", { text: text.slice(start, end) }),
      document.createTextNode(text.slice(end)),
    );
    return box;
  }
}
