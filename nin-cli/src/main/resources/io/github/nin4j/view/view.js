// nin view's page: polls /api/state (a 304 when nothing changed) and redraws d2l's Animator plot
// with uPlot. Every text from the runs goes in through textContent, never as HTML. The state's
// runs are nin-core's RunSnapshot and its experiments ExperimentSnapshot, as JSON; absent values
// are left out.
"use strict";

const POLL_MS = 1000;
const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];
const charts = new Map(); // key -> uPlot
let etag = null;
let updates = 0;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
  }
  return e;
}

function fmt(v, digits) {
  return v === null || v === undefined || Number.isNaN(v) ? "–" : Number(v).toFixed(digits);
}

function duration(s) {
  if (s === null || s === undefined) return "–";
  s = Math.round(s);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  return (h ? h + " h " : "") + (h || m ? m + " min " : "") + r + " s";
}

// One x axis for several series given as [[x, y], ...]: the union of their xs, null where a
// series has no point (drawn across with spanGaps).
function align(seriesList) {
  const xs = new Map();
  seriesList.forEach(s => s.forEach(p => xs.set(p[0].toFixed(9), p[0])));
  const sorted = [...xs.values()].sort((a, b) => a - b);
  const index = new Map(sorted.map((x, i) => [x.toFixed(9), i]));
  const columns = seriesList.map(s => {
    const col = new Array(sorted.length).fill(null);
    s.forEach(p => { col[index.get(p[0].toFixed(9))] = p[1]; });
    return col;
  });
  return [sorted, ...columns];
}

// The page is rebuilt at each change (at most once a poll), so each chart is drawn anew in its
// new container and the old one released.
function chart(container, key, title, series, data, bands, xMax) {
  const width = Math.max(560, Math.min(820, window.innerWidth - 80));
  const old = charts.get(key);
  if (old) old.destroy();
  const opts = {
    title: title, width: width, height: 320,
    scales: { x: { time: false, range: (u, min, max) => [0, Math.max(xMax || 1, max || 1)] } },
    axes: [{ label: "epoch" }, {}],
    series: [{ label: "epoch" }, ...series.map(s => Object.assign({ spanGaps: true, width: 2 }, s))],
    bands: bands || [],
  };
  charts.set(key, new uPlot(opts, data, container));
  container.dataset.points = String(data.slice(1).reduce((n, c) => n + c.filter(v => v !== null).length, 0));
}

// d2l's plot of one run: train loss (blue), train acc (magenta, dashed), test acc (green, dash-dot).
function runChart(host, key, run) {
  const pts = run.points || [], eps = run.epochs || [];
  const data = align([
    pts.map(p => [p[0], p[1]]),
    pts.map(p => [p[0], p[2]]),
    eps.map(e => [e[0], e[3]]),
  ]);
  const box = el("div", { class: "chart" });
  host.append(box);
  chart(box, key, run.name, [
    { label: "train loss", stroke: "#1f77b4" },
    { label: "train acc", stroke: "#bf00bf", dash: [8, 4] },
    { label: "test acc", stroke: "#2ca02c", dash: [10, 3, 2, 3] },
  ], data, null, run.plannedEpochs);
  return pts.length + eps.length;
}

function stateTable(run) {
  const rows = [];
  const add = (k, v) => { if (v !== null && v !== undefined && v !== "") rows.push(el("tr", {}, el("td", {}, k), el("td", {}, v))); };
  add("status", run.requeues ? run.status + ", requeued " + run.requeues + (run.requeues === 1 ? " time" : " times") : run.status);
  if (run.live && run.status === "running") {
    const l = run.live, of = " of " + (run.plannedEpochs || "?");
    add("now", l.phase === "training" ? "training epoch " + l.epoch + of + ", batch " + l.batch + " of " + l.batches
        : l.phase === "evaluating" ? "evaluating epoch " + l.epoch + " on the test set"
        : l.phase === "done" ? "epoch " + l.epoch + of + " done" : l.phase);
  }
  const eps = run.epochs || [];
  if (eps.length) {
    const last = eps[eps.length - 1];
    add("last epoch", "epoch " + last[0] + ": loss " + fmt(last[1], 3) + ", train acc " + fmt(last[2], 3) + ", test acc " + fmt(last[3], 3));
  }
  add("examples/sec", run.liveExamplesPerSecond != null && run.status === "running"
      ? fmt(run.liveExamplesPerSecond, 1) + " (this epoch)" : (run.examplesPerSecond != null ? fmt(run.examplesPerSecond, 1) : null));
  if (run.status === "running") add("time left", "about " + duration(run.remainingSeconds));
  const restarted = (run.events || []).some(e => e.type === "restarted");
  const screened = (run.events || []).some(e => e.type === "screened");
  add("seeds", run.seeds ? run.seeds.join(", ") + (restarted ? " (restarted)" : screened && run.seeds.length > 1 ? " (screened)" : "") : null);
  if (run.engineCheck) {
    add("engine check", el("span", { class: run.engineCheck.right ? "ok" : "bad" }, run.engineCheck.summary));
  }
  add("device", run.device ? run.device + (run.threads ? ", " + run.threads + " threads" : "") : null);
  add("started", run.startedAt);
  add("ended", run.endedAt);
  if (run.config) {
    const c = run.config;
    add("recipe", "epochs " + c.epochs + ", lr " + c.learningRate + ", batch " + c.batchSize + ", resize " + c.resize +
        (c.limit ? ", first " + c.limit + " examples" : "") + ", seed " + c.seed + ", on plateau " + String(c.onPlateau).toLowerCase());
    add("network", JSON.stringify(c.architecture));
  }
  return el("table", { class: "state" }, ...rows);
}

function runDetails(host, run) {
  if (run.problem) host.append(el("div", { class: "problem" }, run.problem));
  if (run.waiting) host.append(el("div", { class: "waiting" }, run.waiting));
  const events = run.events || [];
  const row = el("div", { class: "row" });
  row.append(stateTable(run));
  if (events.length) {
    row.append(el("div", {}, el("h3", {}, "events: screening, restarts, plateaus, dead classes"),
      el("ul", { class: "events" }, ...events.map(e => el("li", { class: e.type }, e.text)))));
  }
  host.append(row);
  const images = run.images || {};
  if (images.confusion || images.predictions) {
    const pics = el("div", { class: "row pictures" });
    if (images.confusion) pics.append(el("figure", {}, el("img", { src: images.confusion, alt: "confusion matrix" }), el("figcaption", {}, "confusion matrix, last epoch")));
    if (images.predictions) pics.append(el("figure", {}, el("img", { src: images.predictions, alt: "test images" }), el("figcaption", {}, "test images: true label above predicted")));
    host.append(pics);
  }
}

// Several runs on one chart: each run's train loss (solid) and test acc (dashed) in its colour.
function overlayChart(host, runs) {
  const series = [], lists = [];
  let xMax = 1;
  runs.forEach((r, i) => {
    const color = COLORS[i % COLORS.length];
    series.push({ label: r.name + " loss", stroke: color });
    series.push({ label: r.name + " test acc", stroke: color, dash: [6, 4] });
    lists.push((r.points || []).map(p => [p[0], p[1]]));
    lists.push((r.epochs || []).map(e => [e[0], e[3]]));
    xMax = Math.max(xMax, r.plannedEpochs || 0);
  });
  const box = el("div", { class: "chart" });
  host.append(box);
  chart(box, "overlay", "all runs: train loss and test acc", series, align(lists), null, xMax);
}

// An experiment's variants: mean test accuracy over their seeds, the band from the lowest to the
// highest seed; and the mean training loss.
function experimentCharts(host, key, variants) {
  const series = [], lists = [], bands = [];
  variants.forEach((v, i) => {
    const color = COLORS[i % COLORS.length];
    const t = v.mean.test;
    const base = series.length + 1;
    series.push({ label: v.name + " (" + v.runs.length + " seeds)", stroke: color });
    series.push({ label: v.name + " max", stroke: color, width: 0, points: { show: false } });
    series.push({ label: v.name + " min", stroke: color, width: 0, points: { show: false } });
    lists.push(t.map(r => [r[0], r[1]]), t.map(r => [r[0], r[3]]), t.map(r => [r[0], r[2]]));
    bands.push({ series: [base + 1, base + 2], fill: color + "33" });
  });
  const row = el("div", { class: "row" });
  const a = el("div", { class: "chart" }), b = el("div", { class: "chart" });
  row.append(a, b);
  host.append(row);
  chart(a, key + "/test", "test accuracy: mean over seeds, band from min to max", series, align(lists), bands, 1);
  chart(b, key + "/loss", "train loss: mean over seeds",
    variants.map((v, i) => ({ label: v.name, stroke: COLORS[i % COLORS.length] })),
    align(variants.map(v => v.mean.loss.map(r => [r[0], r[1]]))), null, 1);
}

function table(rows) {
  if (!rows || !rows.length) return null;
  const [head, ...body] = rows;
  return el("table", {}, el("tr", {}, ...head.map(h => el("th", {}, h))),
    ...body.map(r => el("tr", {}, ...r.map(c => el("td", {}, c)))));
}

function render(state) {
  const main = document.getElementById("sources");
  const fresh = document.createDocumentFragment();
  let points = 0;
  const allRuns = [];
  for (const s of state.sources) {
    const sec = el("section", { class: "source" }, el("h2", {}, s.path));
    fresh.append(sec);
    if (s.problem) sec.append(el("div", { class: "problem" }, s.problem));
    if (s.waiting) sec.append(el("div", { class: "waiting" }, s.waiting));
    if (s.kind === "experiment") {
      const variants = s.variants || [];
      experimentCharts(sec, "exp" + s.index, variants);
      const t = table(s.table);
      if (t) sec.append(el("h3", {}, "report"), t);
      for (const v of variants) {
        sec.append(el("h3", {}, v.name + (v.description ? ": " + v.description : "")));
        sec.append(el("div", { class: "muted" }, v.runs.map(r =>
          r.name + " " + (r.status || "") + (r.requeues ? ", requeued " + r.requeues + (r.requeues === 1 ? " time" : " times") : "") + (r.epochs && r.epochs.length ? ", test acc " + fmt(r.epochs[r.epochs.length - 1][3], 3) : "") +
          (r.problem ? " (" + r.problem + ")" : "")).join("; ") || "no runs yet"));
        v.runs.forEach(r => { points += (r.points || []).length + (r.epochs || []).length; });
      }
      continue;
    }
    for (const run of s.runs || []) {
      allRuns.push(run);
      const box = el("div", { class: "run" });
      if ((s.runs || []).length > 1) box.append(el("h3", {}, run.name));
      sec.append(box);
      points += runChart(box, "run" + s.index + "/" + run.name, run);
      runDetails(box, run);
    }
  }
  if (allRuns.length > 1) {
    const sec = el("section", { class: "source" }, el("h2", {}, "runs overlaid"));
    fresh.prepend(sec);
    overlayChart(sec, allRuns);
  }
  main.replaceChildren(fresh);
  document.body.dataset.points = String(points);
  document.body.dataset.updates = String(++updates);
}

async function poll() {
  const conn = document.getElementById("connection");
  try {
    const headers = etag ? { "If-None-Match": etag } : {};
    const response = await fetch("api/state", { headers: headers, cache: "no-store" });
    if (response.status === 200) {
      etag = response.headers.get("ETag");
      render(await response.json());
    } else if (response.status !== 304) {
      throw new Error("the server answered " + response.status);
    }
    conn.textContent = "live, updated " + new Date().toLocaleTimeString();
    conn.className = "muted";
  } catch (e) {
    conn.textContent = "not connected (" + e.message + "); the page shows what it last saw and keeps trying";
    conn.className = "bad";
  }
  setTimeout(poll, POLL_MS);
}

poll();
