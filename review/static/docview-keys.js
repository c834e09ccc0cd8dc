"use strict";
// Moving through values and documents, the keyboard, and the start of the document view (loaded last).

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
