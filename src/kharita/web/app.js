/* kharita dashboard: map, timeline, table and event pages over the /api endpoints.
 *
 * Article text, titles, actor and place names are untrusted: everything from the API reaches the page through
 * textContent and DOM APIs, never innerHTML; links are kept only when they are http(s). The server's
 * Content-Security-Policy allows scripts from this origin only.
 */
"use strict";

(function () {
  const TYPE_COLORS = {
    "Battles": "#c0392b",
    "Explosions/Remote violence": "#e67e22",
    "Violence against civilians": "#8e44ad",
    "Protests": "#2980b9",
    "Riots": "#16a085",
    "Strategic developments": "#7f8c8d",
  };
  const PAGE_SIZE = 50;
  const MAP_LIMIT = 5000;
  const TOKEN_KEY = "kharita-token";

  const state = {
    config: null,
    filters: {},
    brush: null,          // [since, until] chosen on the timeline, ISO dates
    sort: "-date",
    offset: 0,
    total: 0,
    token: sessionStorage.getItem(TOKEN_KEY) || "",
    map: null,
    cluster: null,
    outline: null,
    series: [],
    bins: [],
    mapMoved: false,
  };

  // --- small DOM helpers (text only) -----------------------------------------------------------------------

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("data-")) node.setAttribute(name, value);
      else node[name] = value;
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function safeUrl(url) {
    if (!url) return null;
    try {
      const parsed = new URL(url, location.origin);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (_error) {
      return null;
    }
  }

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  // --- API ---------------------------------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  async function api(path, params, options) {
    const url = new URL(path, location.origin);
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(key, value);
    }
    const headers = Object.assign({ "Accept": "application/json" }, (options && options.headers) || {});
    if (state.token) headers["Authorization"] = "Bearer " + state.token;
    const response = await fetch(url, Object.assign({}, options || {}, { headers }));
    if (!response.ok) {
      let message = response.statusText;
      try {
        const body = await response.json();
        if (body && body.error && body.error.message) message = body.error.message;
      } catch (_error) { /* not JSON */ }
      throw new ApiError(response.status, message);
    }
    return response.json();
  }

  function handleError(error) {
    if (error instanceof ApiError && error.status === 401 && !state.config.public_reads) {
      $("token-bar").hidden = false;
      setStatus("This server needs a token to read.", true);
      return;
    }
    setStatus(error.message || String(error), true);
  }

  // --- filters -----------------------------------------------------------------------------------------------

  function readFilters() {
    return {
      since: $("f-since").value,
      until: $("f-until").value,
      event_type: $("f-type").value,
      actor: $("f-actor").value.trim(),
      country: $("f-country").value.trim(),
      q: $("f-text").value.trim(),
    };
  }

  function laterOf(a, b) { return !a ? b : !b ? a : (a > b ? a : b); }
  function earlierOf(a, b) { return !a ? b : !b ? a : (a < b ? a : b); }

  /** The filters with the timeline's selection applied: what the map and the table show. */
  function effectiveFilters() {
    const f = Object.assign({}, state.filters);
    if (state.brush) {
      f.since = laterOf(f.since, state.brush[0]);
      f.until = earlierOf(f.until, state.brush[1]);
    }
    return f;
  }

  function mapBBox() {
    if (!$("f-view").checked || !state.map) return null;
    const b = state.map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    let west = b.getWest(), east = b.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    const wrap = (lon) => ((((lon + 180) % 360) + 360) % 360) - 180;
    return [wrap(west), clamp(b.getSouth(), -90, 90), wrap(east), clamp(b.getNorth(), -90, 90)]
      .map((v) => v.toFixed(4)).join(",");
  }

  function updateExportLinks() {
    const f = effectiveFilters();
    for (const [id, path] of [["export-csv", "/api/events.csv"], ["export-geojson", "/api/events.geojson"]]) {
      const url = new URL(path, location.origin);
      for (const [key, value] of Object.entries(f)) if (value) url.searchParams.set(key, value);
      $(id).href = url.pathname + url.search;
    }
  }

  let filterTimer = null;
  function onFiltersChanged() {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => {
      state.filters = readFilters();
      state.offset = 0;
      setBrush(null, false);
      if (location.hash.startsWith("#/event/")) location.hash = "#/";  // route() refreshes the list
      else refreshAll();
    }, 250);
  }

  function fillTypeSelect(select, withAll) {
    clear(select);
    if (withAll) select.append(el("option", { value: "", text: "All types" }));
    for (const [type, subTypes] of Object.entries(state.config.event_types)) {
      if (withAll) {
        const group = el("optgroup", { label: type });
        group.append(el("option", { value: type, text: "All " + type }));
        for (const sub of subTypes) group.append(el("option", { value: sub, text: sub }));
        select.append(group);
      } else {
        const group = el("optgroup", { label: type });
        for (const sub of subTypes) group.append(el("option", { value: sub, text: sub }));
        select.append(group);
      }
    }
  }

  async function fillSuggestions() {
    try {
      const [actors, places] = await Promise.all([api("/api/actors", { limit: 2000 }),
                                                  api("/api/places", { limit: 2000, status: "all" })]);
      const actorList = $("actor-names");
      clear(actorList);
      for (const actor of actors) if (actor.events > 0) actorList.append(el("option", { value: actor.name }));
      const countries = new Set(places.map((p) => p.location.country).filter(Boolean));
      const countryList = $("country-names");
      clear(countryList);
      for (const name of [...countries].sort()) countryList.append(el("option", { value: name }));
    } catch (error) {
      handleError(error);
    }
  }

  // --- map ---------------------------------------------------------------------------------------------------

  function initMap() {
    const map = L.map("map", { worldCopyJump: true, zoomControl: true }).setView([20, 20], 2);
    state.map = map;
    const config = state.config;
    if (config.tile_url) {
      const tiles = L.tileLayer(config.tile_url, { maxZoom: 18, attribution: config.tile_attribution });
      tiles.once("tileerror", showOutline);  // offline: draw the country outlines instead
      tiles.addTo(map);
    } else {
      showOutline();
    }
    state.cluster = L.markerClusterGroup({
      maxClusterRadius: 40,
      showCoverageOnHover: false,
      iconCreateFunction: clusterIcon,
    });
    map.addLayer(state.cluster);
    map.on("moveend", () => {
      if ($("f-view").checked) { state.offset = 0; loadTable(); }
    });
    const legend = $("legend");
    for (const [type, color] of Object.entries(TYPE_COLORS)) {
      const dot = el("i");
      dot.style.background = color;
      legend.append(el("div", {}, dot, type));
    }
  }

  async function showOutline() {
    if (state.outline) return;
    state.outline = true;
    try {
      const world = await api("/api/basemap.geojson");
      state.outline = L.geoJSON(world, {
        interactive: false,
        style: { color: "#9aa8b8", weight: 0.7, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(state.map);
      state.outline.bringToBack();
    } catch (error) {
      handleError(error);
    }
  }

  function radiusFor(fatalities) { return Math.min(28, 5 + 2.6 * Math.sqrt(Math.max(0, fatalities))); }

  function clusterIcon(cluster) {
    const markers = cluster.getAllChildMarkers();
    const fatalities = markers.reduce((sum, m) => sum + (m.options.fatalities || 0), 0);
    const size = Math.round(Math.min(60, 26 + 4 * Math.sqrt(markers.length) + 1.5 * Math.sqrt(fatalities)));
    const body = el("div", { class: "kharita-cluster" + (fatalities > 0 ? " deadly" : ""),
                             title: markers.length + " incidents, " + fatalities + " killed" },
                    String(markers.length));
    body.style.width = size + "px";
    body.style.height = size + "px";
    return L.divIcon({ html: body, className: "kharita-cluster-icon", iconSize: L.point(size, size) });
  }

  function popupFor(props) {
    const open = el("a", { href: "#/event/" + encodeURIComponent(props.id), text: "Open the incident →" });
    const actors = [props.actor1, props.actor2].filter(Boolean).join(" vs ");
    return el("div", { class: "popup" },
      el("h3", { text: props.sub_event_type }),
      el("p", { text: [props.event_date || "undated", props.location || props.country || ""].filter(Boolean)
        .join(" · ") }),
      actors ? el("p", { text: actors }) : null,
      el("p", { text: props.fatalities + " killed · " + props.n_sources + " source(s)" }),
      el("p", {}, open));
  }

  async function loadMap() {
    const params = Object.assign({ limit: MAP_LIMIT }, effectiveFilters());
    const data = await api("/api/events.geojson", params);
    state.cluster.clearLayers();
    const markers = [];
    for (const feature of data.features) {
      if (!feature.geometry) continue;
      const [lon, lat] = feature.geometry.coordinates;
      const props = feature.properties;
      const color = TYPE_COLORS[props.event_type] || "#555";
      const marker = L.circleMarker([lat, lon], {
        radius: radiusFor(props.fatalities), color: "#ffffff", weight: 1, fillColor: color, fillOpacity: 0.8,
        className: "kharita-marker", fatalities: props.fatalities,
      });
      marker.bindPopup(() => popupFor(props));
      markers.push(marker);
    }
    state.cluster.addLayers(markers);
    if (markers.length && !$("f-view").checked) {
      const bounds = L.latLngBounds(markers.map((m) => m.getLatLng()));
      state.map.fitBounds(bounds.pad(0.3), { maxZoom: 7, animate: false });
    }
    $("map").setAttribute("data-markers", String(markers.length));
  }

  // --- timeline ----------------------------------------------------------------------------------------------

  const DAY = 86400000;
  function toTime(iso) { return Date.parse(iso + "T00:00:00Z"); }
  function toIso(time) { return new Date(time).toISOString().slice(0, 10); }

  function binStart(time, interval) {
    const d = new Date(time);
    if (interval === "week") return time - ((d.getUTCDay() + 6) % 7) * DAY;
    if (interval === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    return time;
  }

  function nextBin(time, interval) {
    const d = new Date(time);
    if (interval === "week") return time + 7 * DAY;
    if (interval === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return time + DAY;
  }

  /** Daily points → dense bins of a day, a week or a month, chosen from the span shown. */
  function makeBins(points, first, last) {
    const span = (last - first) / DAY;
    const interval = span > 1100 ? "month" : span > 120 ? "week" : "day";
    const sums = new Map();
    for (const p of points) {
      const key = binStart(toTime(p.period), interval);
      const cell = sums.get(key) || { events: 0, fatalities: 0 };
      cell.events += p.events;
      cell.fatalities += p.fatalities;
      sums.set(key, cell);
    }
    const bins = [];
    for (let t = binStart(first, interval); t <= last; t = nextBin(t, interval)) {
      const cell = sums.get(t) || { events: 0, fatalities: 0 };
      bins.push({ start: t, end: nextBin(t, interval), events: cell.events, fatalities: cell.fatalities });
    }
    return { interval, bins };
  }

  async function loadTimeline() {
    const data = await api("/api/stats/timeseries", Object.assign({ interval: "day" }, state.filters));
    state.series = data.series.length ? data.series[0].points : [];
    drawTimeline();
  }

  function timelineScale() {
    const box = $("timeline").getBoundingClientRect();
    const width = Math.max(300, box.width), height = 170;
    const margin = { left: 34, right: 38, top: 10, bottom: 22 };
    const first = state.bins.length ? state.bins[0].start : 0;
    const last = state.bins.length ? state.bins[state.bins.length - 1].end : 1;
    const x = (t) => margin.left + (t - first) / (last - first) * (width - margin.left - margin.right);
    const time = (px) => first + (px - margin.left) / (width - margin.left - margin.right) * (last - first);
    return { width, height, margin, first, last, x, time };
  }

  function drawTimeline() {
    const chart = $("timeline");
    clear(chart);
    const points = state.series;
    if (!points.length) {
      state.bins = [];
      chart.append(svg("text", { x: 20, y: 80, class: "empty" }));
      chart.lastChild.textContent = "No dated incidents match the filters.";
      return;
    }
    const dates = points.map((p) => toTime(p.period));
    let first = Math.min(...dates), last = Math.max(...dates);
    if (state.filters.since) first = Math.min(first, toTime(state.filters.since));
    if (state.filters.until) last = Math.max(last, toTime(state.filters.until));
    if (last - first < 14 * DAY) { first -= 7 * DAY; last += 7 * DAY; }
    const made = makeBins(points, first, last);
    state.bins = made.bins;
    const s = timelineScale();
    chart.setAttribute("viewBox", "0 0 " + s.width + " " + s.height);
    chart.setAttribute("data-interval", made.interval);
    const plotH = s.height - s.margin.top - s.margin.bottom;
    const maxEvents = Math.max(1, ...state.bins.map((b) => b.events));
    const maxFatal = Math.max(1, ...state.bins.map((b) => b.fatalities));
    const axis = svg("g", { class: "axis" });
    axis.append(svg("line", { x1: s.margin.left, x2: s.width - s.margin.right, y1: s.height - s.margin.bottom,
                              y2: s.height - s.margin.bottom }));
    for (const [value, y, anchor, x] of [[maxEvents, s.margin.top + 8, "end", s.margin.left - 4],
                                         [maxFatal, s.margin.top + 8, "start", s.width - s.margin.right + 4]]) {
      const label = svg("text", { x, y, "text-anchor": anchor });
      label.textContent = String(value);
      axis.append(label);
    }
    const ticks = 6;
    for (let i = 0; i <= ticks; i++) {
      const t = s.first + (s.last - s.first) * i / ticks;
      const label = svg("text", { x: s.x(t), y: s.height - 6, "text-anchor": i === 0 ? "start" : i === ticks ? "end"
        : "middle" });
      label.textContent = toIso(t);
      axis.append(label);
    }
    chart.append(axis);
    const bars = svg("g", {});
    for (const bin of state.bins) {
      if (!bin.events) continue;
      const x0 = s.x(bin.start), x1 = s.x(bin.end);
      const h = bin.events / maxEvents * plotH;
      const inBrush = !state.brush || (bin.start >= toTime(state.brush[0]) && bin.start <= toTime(state.brush[1]));
      const bar = svg("rect", { x: x0 + 0.5, y: s.height - s.margin.bottom - h, width: Math.max(1, x1 - x0 - 1),
                                height: h, class: inBrush ? "bar" : "bar dim" });
      const tip = svg("title", {});
      tip.textContent = toIso(bin.start) + ": " + bin.events + " incident(s), " + bin.fatalities + " killed";
      bar.append(tip);
      bars.append(bar);
    }
    chart.append(bars);
    const line = state.bins.map((b, i) => (i ? "L" : "M") + s.x((b.start + b.end) / 2).toFixed(1) + " " +
      (s.height - s.margin.bottom - b.fatalities / maxFatal * plotH).toFixed(1)).join(" ");
    chart.append(svg("path", { d: line, class: "fatal" }));
    if (state.brush) {
      const x0 = s.x(toTime(state.brush[0])), x1 = s.x(toTime(state.brush[1]) + DAY);
      chart.append(svg("rect", { x: x0, y: s.margin.top, width: Math.max(2, x1 - x0), height: plotH,
                                 class: "brush", "data-since": state.brush[0], "data-until": state.brush[1] }));
    }
  }

  function initBrush() {
    const chart = $("timeline");
    let start = null, live = null;
    const localX = (event) => {
      const box = chart.getBoundingClientRect();
      return (event.clientX - box.left) * (timelineScale().width / box.width);
    };
    chart.addEventListener("pointerdown", (event) => {
      if (!state.bins.length) return;
      start = localX(event);
      chart.setPointerCapture(event.pointerId);
      live = svg("rect", { x: start, y: 10, width: 1, height: 138, class: "brush" });
      chart.append(live);
    });
    chart.addEventListener("pointermove", (event) => {
      if (start === null) return;
      const x = localX(event);
      live.setAttribute("x", String(Math.min(start, x)));
      live.setAttribute("width", String(Math.max(1, Math.abs(x - start))));
    });
    chart.addEventListener("pointerup", (event) => {
      if (start === null) return;
      const end = localX(event);
      const s = timelineScale();
      const a = Math.min(start, end), b = Math.max(start, end);
      start = null;
      if (b - a < 4) { setBrush(null); return; }  // a click clears the selection
      const from = Math.max(s.first, s.time(a)), to = Math.min(s.last - 1, s.time(b));
      const firstBin = state.bins.find((bin) => bin.end > from) || state.bins[0];
      const lastBin = [...state.bins].reverse().find((bin) => bin.start <= to) || state.bins[state.bins.length - 1];
      setBrush([toIso(firstBin.start), toIso(lastBin.end - DAY)]);
    });
    $("brush-clear").addEventListener("click", () => setBrush(null));
  }

  function setBrush(range, refresh) {
    state.brush = range;
    state.offset = 0;
    $("brush-label").textContent = range ? "Selected: " + range[0] + " – " + range[1] : "";
    $("brush-clear").hidden = !range;
    if (refresh === false) return;
    drawTimeline();
    refreshSelection();
  }

  // --- table -------------------------------------------------------------------------------------------------

  function placeLabel(item) {
    const where = item.location;
    if (!where) return item.country || "—";
    return [where.name, where.admin1, where.country_code].filter((p, i, all) => p && all.indexOf(p) === i)
      .join(", ");
  }

  async function loadTable() {
    const params = Object.assign({ limit: PAGE_SIZE, offset: state.offset, sort: state.sort, bbox: mapBBox() },
                                 effectiveFilters());
    const page = await api("/api/events", params);
    state.total = page.total;
    const body = $("events-table").tBodies[0];
    clear(body);
    for (const item of page.items) {
      const dot = el("span", { class: "type-dot" });
      dot.style.background = TYPE_COLORS[item.event_type] || "#555";
      const actors = [item.actor1, item.actor2].filter(Boolean).map((a) => a.name).join(" vs ") || "—";
      const killed = item.fatalities_low !== item.fatalities_high && item.fatalities_high > 0
        ? item.fatalities + " (" + item.fatalities_low + "–" + item.fatalities_high + ")" : String(item.fatalities);
      const row = el("tr", { "data-id": item.id, class: item.review_status },
        el("td", { class: "date", text: item.event_date || "undated" }),
        el("td", {}, dot, item.sub_event_type),
        el("td", { class: "actors", text: actors }),
        el("td", { class: "place", text: placeLabel(item) }),
        el("td", { class: "num", text: killed }),
        el("td", { class: "num", text: String(item.n_sources) }),
        el("td", {}, el("span", { class: "badge " + item.review_status, text: item.review_status })));
      row.addEventListener("click", () => { location.hash = "#/event/" + encodeURIComponent(item.id); });
      body.append(row);
    }
    const last = Math.min(state.offset + page.items.length, page.total);
    $("page-label").textContent = page.total ? (state.offset + 1) + "–" + last + " of " + page.total : "none";
    $("page-prev").disabled = state.offset === 0;
    $("page-next").disabled = last >= page.total;
    $("table-title").textContent = page.total + " incident" + (page.total === 1 ? "" : "s");
    for (const button of document.querySelectorAll("th button[data-sort]")) {
      const key = button.getAttribute("data-sort");
      button.classList.toggle("sorted", state.sort.replace("-", "") === key);
      button.classList.toggle("asc", state.sort === key);
    }
    setStatus(page.total + " incident(s) match" + (state.brush ? " in the selected period" : "") + ".");
  }

  function initTable() {
    $("page-prev").addEventListener("click", () => {
      state.offset = Math.max(0, state.offset - PAGE_SIZE);
      loadTable().catch(handleError);
    });
    $("page-next").addEventListener("click", () => {
      state.offset += PAGE_SIZE;
      loadTable().catch(handleError);
    });
    for (const button of document.querySelectorAll("th button[data-sort]")) {
      button.addEventListener("click", () => {
        const key = button.getAttribute("data-sort");
        state.sort = state.sort === "-" + key ? key : "-" + key;
        state.offset = 0;
        loadTable().catch(handleError);
      });
    }
  }

  // --- list view ---------------------------------------------------------------------------------------------

  function refreshSelection() {
    updateExportLinks();
    return Promise.all([loadMap(), loadTable()]).catch(handleError);
  }

  function refreshAll() {
    updateExportLinks();
    return Promise.all([loadMap(), loadTable(), loadTimeline()]).catch(handleError);
  }

  // --- event page --------------------------------------------------------------------------------------------

  function fact(list, label, value) {
    list.append(el("dt", { text: label }), el("dd", { text: value }));
  }

  function highlighted(text, spans) {
    // Offsets count Unicode code points (as Python does): index the text by code point.
    const chars = Array.from(text);
    const ranges = spans.map((s) => [Math.max(0, s.start), Math.min(chars.length, s.end)])
      .filter(([a, b]) => b > a).sort((p, q) => p[0] - q[0]);
    const merged = [];
    for (const range of ranges) {
      const top = merged[merged.length - 1];
      if (top && range[0] <= top[1]) top[1] = Math.max(top[1], range[1]);
      else merged.push(range.slice());
    }
    const box = el("div", { class: "article-text" });
    let at = 0;
    for (const [a, b] of merged) {
      if (a > at) box.append(document.createTextNode(chars.slice(at, a).join("")));
      box.append(el("mark", { class: "evidence", text: chars.slice(a, b).join("") }));
      at = b;
    }
    if (at < chars.length) box.append(document.createTextNode(chars.slice(at).join("")));
    return box;
  }

  function renderSource(source, index) {
    const event = source.event;
    const article = source.article;
    const title = (article && article.title) || "Article " + event.article_id;
    const meta = [article && article.source, article && article.published_at ? "published " + article.published_at
      : null, "article " + event.article_id].filter(Boolean).join(" · ");
    const link = safeUrl(article && article.url);
    const actors = [event.actor1, event.actor2].filter(Boolean).map((a) => a.name).join(" vs ");
    const report = [event.sub_event_type, event.event_date || "undated",
                    event.location ? event.location.name : event.country, actors,
                    event.fatalities + " killed"].filter(Boolean).join(" · ");
    const card = el("article", { class: "source", "data-event": event.event_id },
      el("h3", {}, (index + 1) + ". ", title),
      el("p", { class: "meta" }, meta, link ? " · " : null,
         link ? el("a", { href: link, text: "original", rel: "noopener noreferrer", target: "_blank" }) : null),
      el("p", { class: "report", text: "Reports: " + report }),
      source.link ? el("p", { class: "why", text: "Merged because: " + source.link.summary }) : null);
    if (article) card.append(highlighted(article.text, event.evidence));
    else card.append(el("p", { class: "note", text: "The article text is not stored." }));
    return card;
  }

  function renderHistory(history) {
    const list = $("ev-history");
    clear(list);
    if (!history.length) list.append(el("li", { class: "note", text: "No merge, split or review yet." }));
    for (const entry of history) {
      const when = el("time", { text: entry.at.replace("T", " ").slice(0, 16) });
      list.append(el("li", { "data-action": entry.action }, when, entry.action + ": " + entry.summary,
        entry.comment ? el("span", { class: "comment", text: " — " + entry.comment }) : null));
    }
  }

  function renderIncident(detail) {
    const item = detail.incident;
    $("ev-title").textContent = item.sub_event_type + " · " + (item.event_date || "undated");
    $("ev-subtitle").textContent = placeLabel(item) + (item.country ? " — " + item.country : "");
    const badge = $("ev-status");
    badge.textContent = item.review_status;
    badge.className = "badge " + item.review_status;
    const facts = $("ev-facts");
    clear(facts);
    fact(facts, "Event type", item.event_type);
    fact(facts, "Actor 1", item.actor1 ? item.actor1.name + " (" + item.actor1.type + ")" : "—");
    fact(facts, "Actor 2", item.actor2 ? item.actor2.name + " (" + item.actor2.type + ")" : "—");
    fact(facts, "Fatalities", item.fatalities_low !== item.fatalities_high
      ? item.fatalities + " (reports say " + item.fatalities_low + "–" + item.fatalities_high + ")"
      : String(item.fatalities));
    fact(facts, "Sources", String(item.n_sources));
    fact(facts, "Incident", item.id);
    $("sources-title").textContent = detail.sources.length + " source" + (detail.sources.length === 1 ? "" : "s");
    const sources = $("ev-sources");
    clear(sources);
    detail.sources.forEach((source, i) => sources.append(renderSource(source, i)));
    renderHistory(detail.history);
    $("edit-date").value = item.event_date || "";
    $("edit-subtype").value = item.sub_event_type;
    $("edit-fatalities").value = String(item.fatalities);
  }

  async function showIncident(id) {
    $("list-view").hidden = true;
    $("event-view").hidden = false;
    $("review-message").textContent = "";
    state.current = id;
    try {
      const detail = await api("/api/events/" + encodeURIComponent(id));
      state.current = detail.incident.id;
      renderIncident(detail);
      setStatus("Incident " + detail.incident.id + ".");
      window.scrollTo(0, 0);
    } catch (error) {
      handleError(error);
    }
  }

  async function review(body) {
    const message = $("review-message");
    const token = $("review-token").value.trim();
    if (!token) {
      message.textContent = "Give the operator's token first.";
      message.className = "message error";
      return;
    }
    state.token = token;
    sessionStorage.setItem(TOKEN_KEY, token);
    try {
      const result = await api("/api/events/" + encodeURIComponent(state.current), {}, {
        method: "PATCH", body: JSON.stringify(body), headers: { "Content-Type": "application/json" },
      });
      message.textContent = result.edit ? "Saved: " + result.edit.summary + "." : "Nothing changed.";
      message.className = "message";
      const detail = await api("/api/events/" + encodeURIComponent(result.incident.id));
      renderIncident(detail);
    } catch (error) {
      message.textContent = error.message || String(error);
      message.className = "message error";
    }
  }

  function initReview() {
    const writable = state.config.writes_enabled;
    $("review-form").hidden = !writable;
    $("review-disabled").hidden = writable;
    $("review-token").value = state.token;
    fillTypeSelect($("edit-subtype"), false);
    $("btn-verify").addEventListener("click", () => review({ review_status: "verified" }));
    $("btn-reject").addEventListener("click", () => review({ review_status: "rejected" }));
    $("btn-unreview").addEventListener("click", () => review({ review_status: "unreviewed" }));
    $("btn-save").addEventListener("click", () => {
      const body = { sub_event_type: $("edit-subtype").value };
      if ($("edit-date").value) body.event_date = $("edit-date").value;
      const fatalities = $("edit-fatalities").value;
      if (fatalities !== "") body.fatalities = Number(fatalities);
      const comment = $("edit-comment").value.trim();
      if (comment) body.comment = comment;
      review(body);
    });
  }

  // --- routing and start -------------------------------------------------------------------------------------

  function route() {
    const match = location.hash.match(/^#\/event\/(.+)$/);
    if (match) {
      showIncident(decodeURIComponent(match[1]));
      return;
    }
    $("event-view").hidden = true;
    $("list-view").hidden = false;
    state.map.invalidateSize();
    refreshAll();
  }

  function initFilters() {
    fillTypeSelect($("f-type"), true);
    const form = $("filters");
    form.addEventListener("input", onFiltersChanged);
    form.addEventListener("change", onFiltersChanged);
    form.addEventListener("submit", (event) => { event.preventDefault(); onFiltersChanged(); });
    form.addEventListener("reset", () => setTimeout(onFiltersChanged, 0));
    $("token-form").addEventListener("submit", (event) => {
      event.preventDefault();
      state.token = $("token-read").value.trim();
      sessionStorage.setItem(TOKEN_KEY, state.token);
      $("token-bar").hidden = true;
      fillSuggestions();
      route();
    });
  }

  async function start() {
    try {
      state.config = await api("/api/config");
    } catch (error) {
      setStatus("Cannot reach the kharita server: " + error.message, true);
      return;
    }
    state.filters = readFilters();
    initFilters();
    initMap();
    initBrush();
    initTable();
    initReview();
    window.addEventListener("hashchange", route);
    window.addEventListener("resize", () => drawTimeline());
    fillSuggestions();
    route();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
