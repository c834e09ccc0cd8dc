"use strict";
// The page of the document view: zoom and pan, sharper pictures, the words under the pointer,
// a box drawn with the pointer or picked from the keyboard (docview.js first).

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

