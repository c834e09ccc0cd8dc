"use strict";
// Two small aids; every form works without them.
// 1. A click on a value lights its box (":target" does it too; this also clears the old one).
// 2. A click or a dragged frame on a page image fills the box of the "add a missed value" form
//    the reviewer last touched, converted to page points by the SVG overlay's own coordinates.

let armed = null;

document.addEventListener("focusin", (event) => {
  const form = event.target.closest("form.add-fact");
  if (!form) return;
  if (armed) armed.classList.remove("armed");
  armed = form;
  armed.classList.add("armed");
});

document.addEventListener("click", (event) => {
  const link = event.target.closest("a.value");
  if (!link) return;
  for (const box of document.querySelectorAll("rect.box.active")) box.classList.remove("active");
  const box = document.getElementById(link.getAttribute("href").slice(1));
  if (box) box.classList.add("active");
});

function toPoints(svg, event) {
  const point = svg.createSVGPoint();
  point.x = event.clientX;
  point.y = event.clientY;
  return point.matrixTransform(svg.getScreenCTM().inverse());
}

function pickBox(svg, start, end) {
  const view = svg.viewBox.baseVal;
  let [x0, x1] = [Math.min(start.x, end.x), Math.max(start.x, end.x)];
  let [y0, y1] = [Math.min(start.y, end.y), Math.max(start.y, end.y)];
  if (x1 - x0 < 4 && y1 - y0 < 4) {
    // A plain click: a box the size of a short line of text around it.
    [x0, x1, y0, y1] = [x0 - 40, x1 + 40, y0 - 8, y1 + 8];
  }
  const clamp = (v, max) => Math.min(Math.max(v, 0), max);
  return [clamp(x0, view.width), clamp(y0, view.height), clamp(x1, view.width), clamp(y1, view.height)];
}

function drawPick(svg, box) {
  for (const old of document.querySelectorAll("rect.pick")) old.remove();
  const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  rect.setAttribute("class", "pick");
  rect.setAttribute("x", box[0]);
  rect.setAttribute("y", box[1]);
  rect.setAttribute("width", box[2] - box[0]);
  rect.setAttribute("height", box[3] - box[1]);
  svg.appendChild(rect);
}

for (const svg of document.querySelectorAll("svg.overlay")) {
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    if (!armed || armed.dataset.doc !== svg.dataset.doc) return;
    start = toPoints(svg, event);
    event.preventDefault();
  });
  svg.addEventListener("pointerup", (event) => {
    if (!start) return;
    const box = pickBox(svg, start, toPoints(svg, event));
    start = null;
    armed.elements.bbox.value = box.map((v) => v.toFixed(1)).join(",");
    armed.elements.page.value = svg.dataset.page;
    drawPick(svg, box);
  });
}
