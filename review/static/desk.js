"use strict";
// The document view: one document at a time, pages zoomable, every value's box, the keyboard.
// Every action is one fetch on the JSON twin (CSRF token in a header); the answer is the whole
// view again, drawn without reloading the page.

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

// --- Zoom and pan: the stage is moved and scaled as a whole; boxes are in its SVG overlays. ---

function applyTransform() {
  $("stage").style.transform = `translate(${offset.x}px, ${offset.y}px) scale(${scale})`;
  $("zoom-level").textContent = `${Math.round(scale * 100)} %`;
  sharpen();
}

function fit() {
  const viewer = $("viewer");
  const stage = $("stage");
  const width = stage.scrollWidth || 1;
  scale = Math.min(2, (viewer.clientWidth - 16) / width);
  offset = { x: (viewer.clientWidth - width * scale) / 2, y: 8 };
  applyTransform();
  showFocus();
}

function zoomAt(factor, cx, cy) {
  const next = Math.min(8, Math.max(0.2, scale * factor));
  const ratio = next / scale;
  offset = { x: cx - (cx - offset.x) * ratio, y: cy - (cy - offset.y) * ratio };
  scale = next;
  applyTransform();
}

function zoomCentre(factor) {
  const viewer = $("viewer");
  zoomAt(factor, viewer.clientWidth / 2, viewer.clientHeight / 2);
}

function bringIntoView(rect) {
  const viewer = $("viewer").getBoundingClientRect();
  const box = rect.getBoundingClientRect();
  const margin = 40;
  if (box.left >= viewer.left + margin && box.right <= viewer.right - margin
      && box.top >= viewer.top + margin && box.bottom <= viewer.bottom - margin) return;
  offset.x += viewer.left + viewer.width / 2 - (box.left + box.width / 2);
  offset.y += viewer.top + viewer.height / 2 - (box.top + box.height / 2);
  applyTransform();
}

function sharpen() {
  // The 100-dpi picture is enlarged past its pixels: ask for the sharper one (made once, on demand).
  const needed = scale * PX_PER_PT * (window.devicePixelRatio || 1) > 100 / 72 * 1.15;
  if (!needed) return;
  for (const img of document.querySelectorAll("#stage img[data-token]")) {
    if (img.dataset.sharp) continue;
    img.dataset.sharp = "asked";
    const sharp = new Image();
    sharp.onload = () => { img.src = sharp.src; img.dataset.sharp = "shown"; };
    sharp.onerror = () => { img.dataset.sharp = "none"; };
    sharp.src = `/pages/${img.dataset.token}/sharp`;
  }
}

const viewerNode = $("viewer");
viewerNode.addEventListener("wheel", (event) => {
  event.preventDefault();
  const area = viewerNode.getBoundingClientRect();
  zoomAt(Math.exp(-event.deltaY / 400), event.clientX - area.left, event.clientY - area.top);
}, { passive: false });

const pointers = new Map();
let pan = null;
let pinch = null;
viewerNode.addEventListener("pointerdown", (event) => {
  if (mode === "box") return startBox(event);
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  viewerNode.setPointerCapture(event.pointerId);
  if (pointers.size === 2) {
    const [a, b] = [...pointers.values()];
    pinch = { distance: Math.hypot(a.x - b.x, a.y - b.y) };
    pan = null;
  } else {
    pan = { x: event.clientX, y: event.clientY };
  }
});
viewerNode.addEventListener("pointermove", (event) => {
  if (mode === "box") return moveBox(event);
  showWord(event);
  if (!pointers.has(event.pointerId)) return;
  pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
  if (pinch && pointers.size === 2) {
    const [a, b] = [...pointers.values()];
    const distance = Math.hypot(a.x - b.x, a.y - b.y);
    const area = viewerNode.getBoundingClientRect();
    zoomAt(distance / pinch.distance, (a.x + b.x) / 2 - area.left, (a.y + b.y) / 2 - area.top);
    pinch.distance = distance;
  } else if (pan) {
    offset.x += event.clientX - pan.x;
    offset.y += event.clientY - pan.y;
    pan = { x: event.clientX, y: event.clientY };
    applyTransform();
  }
});
for (const type of ["pointerup", "pointercancel"]) {
  viewerNode.addEventListener(type, (event) => {
    if (mode === "box") return endBox(event);
    pointers.delete(event.pointerId);
    if (pointers.size < 2) pinch = null;
    if (!pointers.size) pan = null;
  });
}

// --- Words under the pointer and words in a drawn box, from the words the pipeline kept. ---

async function pageWords(page) {
  const key = `${docIndex}:${page}`;
  if (!wordsCache.has(key)) {
    wordsCache.set(key, fetch(`/api/dossiers/${encodeURIComponent(dossierId)}/documents/${docIndex}/words?page=${page}`,
      { credentials: "same-origin" }).then((r) => (r.ok ? r.json() : [])).catch(() => []));
  }
  return wordsCache.get(key);
}

function toPoints(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}

function svgAt(event) {
  return document.elementsFromPoint(event.clientX, event.clientY).map((n) => n.closest && n.closest("svg.overlay")).find(Boolean);
}

let wordTimer = null;
function showWord(event) {
  clearTimeout(wordTimer);
  wordTimer = setTimeout(async () => {
    const svg = svgAt(event);
    if (!svg) return;
    const at = toPoints(svg, event);
    const words = await pageWords(svg.dataset.page);
    const found = words.find((w) => at.x >= w.b[0] && at.x <= w.b[2] && at.y >= w.b[1] && at.y <= w.b[3]);
    $("word").textContent = found ? `Mot lu : « ${found.t} »` : "";
  }, 60);
}

let boxStart = null;
function startBox(event) {
  const svg = svgAt(event);
  if (!svg) return;
  picker = null;
  event.preventDefault();
  boxStart = { svg, at: toPoints(svg, event) };
  for (const old of document.querySelectorAll("rect.pick")) old.remove();
  const rect = document.createElementNS(SVG, "rect");
  rect.setAttribute("class", "pick");
  svg.append(rect);
  boxStart.rect = rect;
}

function boxOf(a, b) {
  return [Math.min(a.x, b.x), Math.min(a.y, b.y), Math.max(a.x, b.x), Math.max(a.y, b.y)];
}

function moveBox(event) {
  if (!boxStart) return;
  const [x0, y0, x1, y1] = boxOf(boxStart.at, toPoints(boxStart.svg, event));
  const rect = boxStart.rect;
  rect.setAttribute("x", x0); rect.setAttribute("y", y0);
  rect.setAttribute("width", x1 - x0); rect.setAttribute("height", y1 - y0);
}

async function endBox(event) {
  if (!boxStart) return;
  const bbox = boxOf(boxStart.at, toPoints(boxStart.svg, event)).map((v) => Math.round(v * 10) / 10);
  const page = Number(boxStart.svg.dataset.page);
  boxStart = null;
  if (bbox[2] - bbox[0] < 3 || bbox[3] - bbox[1] < 3) return;
  const words = (await pageWords(page)).filter((w) => w.b[0] >= bbox[0] - 2 && w.b[2] <= bbox[2] + 2
    && w.b[1] >= bbox[1] - 2 && w.b[3] <= bbox[3] + 2);
  boxDraft = { page, bbox, words };
  openAdd();
}

// --- Values typed the French way: 15032021, 15/03/2021, 15 03 21 -> 2021-03-15. ---

function frenchDate(text) {
  const digits = text.replace(/\D/g, "");
  let day, month, year;
  const parts = text.trim().split(/[^\d]+/).filter(Boolean);
  if (parts.length === 3) [day, month, year] = parts;
  else if (digits.length === 8 || digits.length === 6) [day, month, year] = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)];
  else return null;
  if (year.length === 2) year = (Number(year) + 2000 > new Date().getFullYear() + 1 ? "19" : "20") + year;
  const iso = `${year.padStart(4, "0")}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const check = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== iso ? null : iso;
}

function typedDate(input) {
  // Slashes appear as the digits are typed: 1503 -> 15/03.
  const digits = input.value.replace(/\D/g, "").slice(0, 8);
  if (/[^\d/]/.test(input.value) || input.value.includes("/")) return;
  input.value = [digits.slice(0, 2), digits.slice(2, 4), digits.slice(4)].filter(Boolean).join("/");
}

const MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

function fromWords(kind, words) {
  const text = words.map((w) => w.t).join(" ");
  if (kind === "date") {
    const match = text.match(/(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2,4})/);
    if (match) return `${match[1].padStart(2, "0")}/${match[2].padStart(2, "0")}/${match[3]}`;
    const written = text.toLowerCase().match(/(\d{1,2})(?:er)? ([a-zéû]+) (\d{4})/);
    const month = written ? MONTHS.indexOf(written[2]) + 1 : 0;
    return month ? `${written[1].padStart(2, "0")}/${String(month).padStart(2, "0")}/${written[3]}` : "";
  }
  if (kind === "int") return (text.match(/\d+/) || [""])[0];
  return "";
}

function fromDisplay(f) {
  if (f.kind === "date" && typeof f.value === "string") {
    const [y, m, d] = f.value.split("-");
    return `${d}/${m}/${y}`;
  }
  return f.value === null ? "" : String(f.value);
}

function valueInput(kind, choices, current) {
  if (choices && choices.length) {
    const select = el("select", { class: "value-input" });
    for (const [value, label] of choices) {
      const option = el("option", { value }, label);
      if (String(current) === value) option.selected = true;
      select.append(option);
    }
    return select;
  }
  const input = el("input", { class: "value-input", value: current, autocomplete: "off" });
  if (kind === "date") {
    input.placeholder = "JJ/MM/AAAA";
    input.inputMode = "numeric";
    input.addEventListener("input", () => typedDate(input));
  } else if (kind === "int") {
    input.inputMode = "numeric";
  }
  return input;
}

function typedValue(kind, input) {
  if (kind === "date") {
    const iso = frenchDate(input.value);
    if (!iso) { say("Date invalide : tapez-la JJMMAAAA ou JJ/MM/AAAA."); return null; }
    return iso;
  }
  if (kind === "int") return Number(input.value);
  if (input.value === "true" || input.value === "false") return input.value === "true";
  return input.value;
}

function editorShell(title, ...children) {
  const editor = $("editor");
  editor.replaceChildren(el("p", { class: "editor-title" }, title), ...children,
    el("p", { class: "note" }, "Entrée : enregistrer · Échap : annuler · Tab : changer la raison"));
  editor.hidden = false;
}

function reasonInput(text) {
  return el("input", { class: "reason-input", value: text, "aria-label": "Raison" });
}

function closeEditor() {
  $("editor").hidden = true;
  $("editor").replaceChildren();
  if (mode !== "box") mode = "browse";
  for (const old of document.querySelectorAll("rect.pick")) old.remove();
}

function focused() {
  return doc().facts.find((f) => f.field === focusField);
}

function openCorrect() {
  const f = focused();
  if (!f) return;
  mode = "edit";
  const spec = choicesOf(f.field);
  const input = valueInput(f.kind, spec, f.kind === "date" ? "" : (f.value === true ? "true" : f.value === false ? "false" : f.value));
  const reason = reasonInput(DEFAULT_REASON);
  editorShell(`Corriger : ${f.label} (lu : ${f.shown})`, input, reason);
  input.focus();
  onEnter([input, reason], async () => {
    const value = typedValue(f.kind, input);
    if (value === null) return;
    if (await act({ action: "correct", document: doc().file, field: f.field, value, reason: reason.value })) advance();
  });
}

function openReject() {
  const f = focused();
  if (!f) return;
  mode = "reject";
  const reason = reasonInput(REJECT_REASON);
  editorShell(`Rejeter : ${f.label} = ${f.shown} ?`, reason);
  reason.focus();
  reason.select();
  onEnter([reason], async () => {
    if (await act({ action: "reject", document: doc().file, field: f.field, reason: reason.value })) advance();
  });
}

function openRetype() {
  mode = "retype";
  const d = doc();
  const current = (d.facts.find((f) => f.field === "doc_type") || {}).value;
  const select = valueInput("choice", view.doc_types, current);
  const reason = reasonInput(RETYPE_REASON);
  const preview = el("div", { class: "preview" });
  editorShell("Changer le type du document : choisissez puis Entrée pour voir les valeurs relues", select, reason, preview);
  select.focus();
  let shown = null;
  onEnter([select, reason], async () => {
    if (shown !== select.value) {
      const response = await fetch(`/api/dossiers/${encodeURIComponent(dossierId)}/documents/${d.index}/as/${encodeURIComponent(select.value)}`,
        { credentials: "same-origin" });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) return say(data.detail || "Le document n'a pas pu être relu.");
      shown = select.value;
      preview.replaceChildren(el("p", {}, "Valeurs lues avec ce type (Entrée pour enregistrer) :"),
        el("ul", {}, ...data.facts.map((f) => el("li", { "data-preview": f.field }, `${f.label} : ${f.shown} (${f.percent})`))));
      return;
    }
    if (await act({ action: "retype", document: d.file, doc_type: select.value, reason: reason.value })) closeEditor();
  });
}

function armBox() {
  mode = "box";
  editorShell("Ajouter une valeur : tracez son cadre sur la page (glisser), ou au clavier : tapez le début d'un mot "
    + "pour y aller (Tab : le suivant qui commence ainsi), ←/→ mot précédent/suivant, Maj+→ pour étendre, Entrée pour prendre les mots choisis.");
  $("viewer").classList.add("drawing");
  startPicker();
}

// --- The box drawn from the keyboard: a cursor over the page's words, moved by typing or arrows. ---

let picker = null; // {words: [{t, b, l, page}], from, to, typed, at}

async function startPicker() {
  const d = doc();
  const words = [];
  for (const p of d.pictures) {
    if (p.token) for (const w of await pageWords(p.page)) words.push({ ...w, page: p.page });
  }
  if (mode !== "box" || doc() !== d) return;
  picker = words.length ? { words, from: 0, to: 0, typed: "", at: 0 } : null;
  drawPicker();
}

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

function pickerWords() {
  const [a, b] = [Math.min(picker.from, picker.to), Math.max(picker.from, picker.to)];
  return picker.words.slice(a, b + 1).filter((w) => w.page === picker.words[picker.from].page);
}

function pickerBox() {
  const words = pickerWords();
  return [Math.min(...words.map((w) => w.b[0])) - 1, Math.min(...words.map((w) => w.b[1])) - 1,
    Math.max(...words.map((w) => w.b[2])) + 1, Math.max(...words.map((w) => w.b[3])) + 1].map((v) => Math.round(v * 10) / 10);
}

function drawPicker() {
  for (const old of document.querySelectorAll("rect.pick")) old.remove();
  if (!picker) return;
  const page = picker.words[picker.from].page;
  const svg = document.querySelector(`#stage svg.overlay[data-page="${page}"]`);
  if (!svg) return;
  const [x0, y0, x1, y1] = pickerBox();
  const rect = document.createElementNS(SVG, "rect");
  rect.setAttribute("class", "pick");
  rect.setAttribute("x", x0); rect.setAttribute("y", y0);
  rect.setAttribute("width", x1 - x0); rect.setAttribute("height", y1 - y0);
  svg.append(rect);
  bringIntoView(rect);
  $("word").textContent = `Mots choisis : « ${pickerWords().map((w) => w.t).join(" ")} »`;
}

function pickerKey(event) {
  // True when the key was the picker's.
  if (!picker) return false;
  const last = picker.words.length - 1;
  const move = (to) => { picker.to = Math.max(0, Math.min(last, to)); if (!event.shiftKey) picker.from = picker.to; };
  if (event.key === "ArrowRight") move(picker.to + 1);
  else if (event.key === "ArrowLeft") move(picker.to - 1);
  else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    const here = picker.words[picker.to];
    const step = event.key === "ArrowDown" ? 1 : -1;
    let i = picker.to;
    while (i + step >= 0 && i + step <= last && picker.words[i].l === here.l && picker.words[i].page === here.page) i += step;
    move(i);
  } else if (event.key === "Enter") {
    boxDraft = { page: picker.words[picker.from].page, bbox: pickerBox(), words: pickerWords() };
    picker = null;
    openAdd();
    return true;
  } else if (event.key === "Tab" && picker.typed) {
    // The next word that starts with what was typed.
    const order = [...picker.words.keys()].map((k) => (k + picker.to + 1) % picker.words.length);
    const found = order.find((k) => fold(picker.words[k].t).startsWith(picker.typed));
    if (found !== undefined) { picker.from = found; picker.to = found; }
    picker.at = Date.now();
  } else if (event.key === "Backspace") {
    picker.typed = picker.typed.slice(0, -1);
  } else if (event.key.length === 1 && !event.ctrlKey && !event.metaKey) {
    // Type-ahead: the next word, from the cursor on, that starts with what was typed.
    const now = Date.now();
    picker.typed = (now - picker.at > 1500 ? "" : picker.typed) + fold(event.key);
    picker.at = now;
    const order = [...picker.words.keys()].map((k) => (k + picker.to) % picker.words.length);
    const found = order.find((k) => fold(picker.words[k].t).startsWith(picker.typed));
    if (found !== undefined) { picker.from = found; picker.to = found; }
  } else {
    return false;
  }
  drawPicker();
  return true;
}

function openAdd() {
  $("viewer").classList.remove("drawing");
  const d = doc();
  if (!d.missing.length) { say("Ce document a déjà une valeur pour chaque champ."); mode = "browse"; return; }
  const fields = el("select", { class: "field-input", "aria-label": "Champ" },
    ...d.missing.map((m) => el("option", { value: m.field }, m.label)));
  const slot = el("span", { class: "slot" });
  const reason = reasonInput(ADD_REASON);
  const picked = boxDraft.words.map((w) => w.t).join(" ");
  let input = null;
  const refresh = () => {
    const spec = d.missing.find((m) => m.field === fields.value);
    input = valueInput(spec.kind, spec.choices, fromWords(spec.kind, boxDraft.words));
    slot.replaceChildren(input);
    onEnter([input], submit);
  };
  const submit = async () => {
    const spec = d.missing.find((m) => m.field === fields.value);
    const value = typedValue(spec.kind, input);
    if (value === null) return;
    const ok = await act({ action: "add", document: d.file, field: spec.field, value, reason: reason.value,
      page: boxDraft.page, bbox: boxDraft.bbox });
    if (ok) { mode = "browse"; closeEditor(); focusField = spec.field; showFocus(false); }
  };
  fields.addEventListener("change", refresh);
  editorShell(`Mots dans le cadre : « ${picked || "aucun"} »`, fields, slot, reason);
  mode = "edit";
  refresh();
  onEnter([fields, reason], submit);
  // The field whose value the words look like comes first.
  const guess = d.missing.find((m) => fromWords(m.kind, boxDraft.words));
  if (guess) { fields.value = guess.field; refresh(); }
  fields.focus();
}

function choicesOf(field) {
  const missing = doc().missing.find((m) => m.field === field);
  if (missing) return missing.choices;
  if (field === "doc_type") return view.doc_types;
  if (field === "contract.signed") return [["true", "Oui"], ["false", "Non"]];
  if (field === "language.level") return ["A1", "A2", "B1", "B2", "C1", "C2"].map((v) => [v, v]);
  if (field === "language.kind") return null;
  return null;
}

function onEnter(inputs, handler) {
  for (const input of inputs) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); event.stopPropagation(); handler(); }
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); mode = "browse"; closeEditor(); $("viewer").focus(); }
    });
  }
}

// --- Moving through values and documents. ---

function advance() {
  // After an action, the next value that is still to review: in this document, else the next ones.
  const d = doc();
  const open = d.facts.find((f) => !f.reviewed);
  if (open) { focusField = open.field; showFocus(); return; }
  const next = view.documents.findIndex((x, i) => i > docIndex && x.unreviewed);
  const any = next >= 0 ? next : view.documents.findIndex((x) => x.unreviewed);
  if (any >= 0 && any !== docIndex) goDocument(any);
  else showFocus();
}

function step(delta) {
  const facts = doc().facts;
  if (!facts.length) return;
  const at = facts.findIndex((f) => f.field === focusField);
  focusField = facts[(at + delta + facts.length) % facts.length].field;
  showFocus();
}

function goDocument(index) {
  if (index < 0 || index >= view.documents.length) return;
  docIndex = index;
  mode = "browse";
  boxDraft = null;
  picker = null;
  drawStrip();
  drawDocument(true);
  requestAnimationFrame(fit);
}

function drawHelp() {
  const help = $("help");
  help.replaceChildren(...Object.entries(view.keys).flatMap(([key, what]) => [el("dt", {}, key), el("dd", {}, what)]));
  help.hidden = !help.hidden;
}

document.addEventListener("keydown", async (event) => {
  if (!view || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target.closest && event.target.closest("input, select, textarea")) return;
  if (event.key === "Escape") { mode = "browse"; picker = null; closeEditor(); $("viewer").classList.remove("drawing"); return; }
  if (mode === "box" && pickerKey(event)) { event.preventDefault(); return; }
  if (mode !== "browse" && mode !== "box") return;
  const f = focused();
  const keys = {
    Enter: async () => { if (f && !f.reviewed) { if (await act({ action: "confirm", document: doc().file, field: f.field })) advance(); } else advance(); },
    v: () => keys.Enter(),
    j: () => step(1), ArrowDown: () => step(1),
    k: () => step(-1), ArrowUp: () => step(-1),
    n: () => goDocument(docIndex + 1), PageDown: () => goDocument(docIndex + 1),
    p: () => goDocument(docIndex - 1), PageUp: () => goDocument(docIndex - 1),
    c: openCorrect,
    r: openReject,
    a: async () => { if (await act({ action: "confirm_sure", document: doc().file })) advance(); },
    t: openRetype,
    b: armBox,
    u: () => act({ action: "undo" }),
    "+": () => zoomCentre(1.25), "=": () => zoomCentre(1.25),
    "-": () => zoomCentre(0.8),
    0: fit,
    "?": drawHelp,
  };
  const run = keys[event.key];
  if (!run) return;
  event.preventDefault();
  await run();
});

$("zoom-in").addEventListener("click", () => zoomCentre(1.25));
$("zoom-out").addEventListener("click", () => zoomCentre(0.8));
$("zoom-fit").addEventListener("click", fit);
$("help-toggle").addEventListener("click", drawHelp);
window.addEventListener("resize", fit);
load();
