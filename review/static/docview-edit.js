"use strict";
// The editors of the document view: correct, reject, retype, add; dates typed the French way.

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

function typedDate(input, event) {
  // Slashes appear as the digits are typed (1503 -> 15/03), unless the reviewer types them (1/3/2021).
  if (event.data === "/" || /[^\d/]/.test(input.value)) input.dataset.manual = "1";
  if (input.dataset.manual) return;
  const digits = input.value.replace(/\D/g, "").slice(0, 8);
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
    input.addEventListener("input", (event) => typedDate(input, event));
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
  if ($("word").textContent.startsWith("Mots choisis")) $("word").textContent = "";
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

