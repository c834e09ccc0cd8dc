"use strict";
// The document view: one document at a time, pages zoomable, every value's box, the keyboard.
// Every action is one fetch on the JSON twin (CSRF token in a header); the answer is the whole
// view again, drawn without reloading the page. Four plain scripts sharing one global scope, in
// this order: docview.js (state, requests, drawing), docview-page.js (zoom, pan, words, boxes drawn),
// docview-edit.js (the editors, French dates), docview-keys.js (moving, the keyboard, start).

const desk = document.getElementById("desk");
const dossierId = desk.dataset.dossier;
const csrf = document.querySelector("meta[name=csrf_token]").content;
const SVG = "http://www.w3.org/2000/svg";
const PX_PER_PT = 96 / 72; // a CSS pixel is 1/96 inch, a point 1/72
const DEFAULT_REASON = "Valeur relue sur la pièce";
const REJECT_REASON = "Valeur absente de la pièce ou mal lue";
const RETYPE_REASON = "Type corrigé par le relecteur";
const ADD_REASON = "Valeur lue sur la pièce";

let view = null;        // the last view the server sent
let docIndex = Number(desk.dataset.start) || 0; // a number, or "": where doubt is (load)
let focusField = null;  // the field of the value in focus
let mode = "browse";    // browse | edit | reject | retype | box
let scale = 1;
let offset = { x: 0, y: 0 };
let boxDraft = null;    // {page, bbox, words}
const wordsCache = new Map();

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

function say(text, kind = "error") {
  const box = $("message");
  box.textContent = text;
  box.className = `message ${kind}`;
  box.hidden = !text;
}

async function load() {
  const response = await fetch(`/api/dossiers/${encodeURIComponent(dossierId)}/view`, { credentials: "same-origin" });
  if (!response.ok) return say("Le dossier n'a pas pu être chargé.");
  const data = await response.json();
  if (!view && desk.dataset.start === "") {
    // Where doubt is: the document holding the least sure value still to review.
    let least = 2;
    for (const d of data.documents) {
      for (const f of d.facts) if (!f.reviewed && f.confidence < least) { least = f.confidence; docIndex = d.index; }
    }
  }
  take(data);
  fit();
}

async function act(body) {
  const response = await fetch(`/api/dossiers/${encodeURIComponent(dossierId)}/act`, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ version: view.version, ...body }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    say(typeof data.detail === "string" ? data.detail : "La modification n'a pas été enregistrée.");
    if (response.status === 409) await load();
    return false;
  }
  say("");
  take(data);
  return true;
}

function doc() {
  return view.documents[docIndex];
}

function take(data) {
  const sameDoc = view && view.documents[docIndex] && data.documents[docIndex]
    && view.documents[docIndex].file === data.documents[docIndex].file;
  view = data;
  desk.dataset.version = String(data.version);
  if (docIndex >= view.documents.length) docIndex = Math.max(0, view.documents.length - 1);
  drawBar();
  drawStrip();
  drawDocument(!sameDoc);
}

function drawBar() {
  $("relu").hidden = !view.relu;
  const chips = $("criteria");
  chips.replaceChildren(...view.criteria.map((c) =>
    el("span", { class: `status status-${c.status}`, title: c.label, "data-status": c.status }, `${c.label} : ${c.status_label}`)));
}

function drawStrip() {
  const strip = $("strip");
  strip.replaceChildren(...view.documents.map((d) => {
    const card = el("button", { type: "button", class: "card", "data-index": String(d.index), title: d.file },
      el("span", { class: "card-n" }, String(d.index + 1)),
      el("span", { class: "card-type" }, d.type_label),
      el("span", { class: "card-left" }, d.unreviewed ? `${d.unreviewed} à relire` : "relu"));
    if (d.index === docIndex) card.classList.add("current");
    if (!d.unreviewed) card.classList.add("done");
    if (d.doubtful) card.classList.add("doubtful");
    card.addEventListener("click", () => goDocument(d.index));
    return card;
  }));
  const current = strip.querySelector(".current");
  if (current) current.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function drawDocument(fresh) {
  const d = doc();
  $("doc-title").textContent = `${d.index + 1} / ${view.documents.length} · ${d.type_label}`;
  $("doc-meta").textContent = `${d.file} · ${d.pages[0] === d.pages[1] ? `page ${d.pages[0]}` : `pages ${d.pages[0]} à ${d.pages[1]}`} · lecture : ${d.reading}`;
  $("doc-warnings").replaceChildren(...d.warnings.map((w) => el("li", {}, w)));
  if (fresh) {
    drawPages(d);
    focusField = firstOpen(d);
  } else {
    drawBoxes(d);
    if (!d.facts.some((f) => f.field === focusField)) focusField = firstOpen(d);
  }
  drawFacts(d);
  $("doc-hint").textContent = d.unreviewed
    ? `${d.unreviewed} valeur(s) à relire ; Entrée confirme, c corrige, r rejette, a confirme les valeurs sûres.`
    : "Toutes les valeurs de ce document sont relues : n pour le document suivant.";
  if (mode !== "box") closeEditor();
  showFocus();
}

function firstOpen(d) {
  const open = d.facts.find((f) => !f.reviewed);
  return (open || d.facts[0] || {}).field || null;
}

function drawFacts(d) {
  $("facts").replaceChildren(...d.facts.map((f) => {
    const row = el("li", { class: `desk-fact${f.reviewed ? " reviewed" : ""}${f.confidence < view.sure ? " doubtful" : ""}`, "data-field": f.field },
      el("span", { class: "label" }, f.label),
      el("span", { class: "value" }, f.shown),
      el("span", { class: "confidence" }, f.percent),
      f.reviewed ? el("span", { class: "badge" }, "relu") : "");
    row.title = f.text ? `Texte lu : « ${f.text} » (page ${f.page}, ${f.source})` : `Page ${f.page}, ${f.source}`;
    row.addEventListener("mouseenter", () => hot(f.field, true));
    row.addEventListener("mouseleave", () => hot(f.field, false));
    row.addEventListener("click", () => { focusField = f.field; showFocus(); });
    return row;
  }));
}

function drawPages(d) {
  const stage = $("stage");
  stage.replaceChildren();
  for (const p of d.pictures) {
    if (!p.token) {
      stage.append(el("p", { class: "missing" }, `Image de la page ${p.page} indisponible.`));
      continue;
    }
    const sheet = el("div", { class: "sheet", "data-page": String(p.page) });
    sheet.style.width = `${p.width_pt * PX_PER_PT}px`;
    sheet.style.height = `${p.height_pt * PX_PER_PT}px`;
    const img = el("img", { src: `/pages/${p.token}`, alt: `Page ${p.page} de ${d.file}`, draggable: false });
    img.dataset.token = p.token;
    const svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("class", "overlay");
    svg.setAttribute("viewBox", `0 0 ${p.width_pt} ${p.height_pt}`);
    svg.setAttribute("preserveAspectRatio", "none");
    svg.dataset.page = String(p.page);
    sheet.append(img, svg, el("span", { class: "page-n" }, `Page ${p.page}`));
    stage.append(sheet);
  }
  drawBoxes(d);
  sharpen();
}

function drawBoxes(d) {
  for (const svg of document.querySelectorAll("#stage svg.overlay")) {
    for (const old of svg.querySelectorAll("rect.box")) old.remove();
    for (const f of d.facts) {
      if (!f.bbox || String(f.page) !== svg.dataset.page) continue;
      const rect = document.createElementNS(SVG, "rect");
      const [x0, y0, x1, y1] = f.bbox;
      rect.setAttribute("class", `box${f.reviewed ? " reviewed" : ""}`);
      rect.setAttribute("x", x0); rect.setAttribute("y", y0);
      rect.setAttribute("width", x1 - x0); rect.setAttribute("height", y1 - y0);
      rect.dataset.field = f.field;
      const title = document.createElementNS(SVG, "title");
      title.textContent = `${f.label} : ${f.shown}`;
      rect.append(title);
      rect.addEventListener("click", (event) => {
        if (mode === "box") return;
        event.stopPropagation();
        focusField = f.field;
        showFocus(false);
      });
      rect.addEventListener("mouseenter", () => hot(f.field, true));
      rect.addEventListener("mouseleave", () => hot(f.field, false));
      svg.append(rect);
    }
  }
}

function hot(field, on) {
  for (const node of document.querySelectorAll(`[data-field="${CSS.escape(field)}"]`)) node.classList.toggle("hot", on);
}

function showFocus(pan = true) {
  for (const node of document.querySelectorAll(".active")) node.classList.remove("active");
  if (!focusField) return;
  for (const node of document.querySelectorAll(`[data-field="${CSS.escape(focusField)}"]`)) node.classList.add("active");
  const row = document.querySelector(`#facts [data-field="${CSS.escape(focusField)}"]`);
  if (row) row.scrollIntoView({ block: "nearest" });
  const rect = document.querySelector(`#stage rect.box[data-field="${CSS.escape(focusField)}"]`);
  if (rect && pan) bringIntoView(rect);
}

