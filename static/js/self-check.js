// The self-check, scored here in the browser: nothing is sent anywhere unless the person presses
// "Add my answers to a consultation request". Without this file the form posts to the page,
// which scores the same way and keeps nothing. Every word, point and band comes from the page
// (content/self_check.py), so this file and the server cannot disagree.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".self-check-form");
  const outcome = document.getElementById("self-check-outcome");
  const template = document.getElementById("self-check-outcome-template");
  if (!form || !outcome || !template) return;
  const questions = Array.from(form.querySelectorAll("fieldset[data-question]"));
  showHelpAtOnce(form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    show(questions, outcome, template, true);
  });
  form.addEventListener("change", (event) => {
    const question = event.target.closest("fieldset[data-question]");
    if (question) markMissing(question, false);
    // A result on screen follows the answers; the focus stays where it is.
    if (!outcome.hidden) show(questions, outcome, template, false);
  });
  outcome.addEventListener("click", (event) => {
    if (event.target.closest("[data-print]")) window.print();
  });
});

function answerTo(question) {
  const chosen = question.querySelector('input[type="radio"]:checked');
  if (!chosen) return null;
  const label = question.querySelector(`label[for="${chosen.id}"]`);
  return { points: Number(chosen.value), words: label.textContent.trim() };
}

// Any answer to question 9 above "Not at all" brings crisis help at once, under the question, in
// a polite live region.
function showHelpAtOnce(form) {
  const question = form.querySelector("fieldset[data-safety]");
  const region = document.getElementById("self-check-safety");
  const help = document.getElementById("self-check-safety-template");
  if (!question || !region || !help) return;
  let shown = false;
  const update = () => {
    const answer = answerTo(question);
    const needed = Boolean(answer && answer.points > 0);
    if (needed === shown) return;
    shown = needed;
    region.replaceChildren(needed ? help.content.cloneNode(true) : "");
  };
  question.addEventListener("change", update);
  update();
}

function markMissing(question, missing) {
  const message = question.querySelector(".invalid-feedback");
  if (!message) return;
  message.hidden = !missing;
  question.classList.toggle("has-error", missing);
  if (missing) question.setAttribute("aria-describedby", message.id);
  else question.removeAttribute("aria-describedby");
}

// The outcome, built from the page's own template: crisis help first when question 9 asks for
// it, then the questions still unanswered, or else the result.
function show(questions, outcome, template, moveFocus) {
  const answers = questions.map(answerTo);
  const part = template.content.cloneNode(true);
  const drop = (name) => part.querySelector(`[data-part="${name}"]`).remove();
  const safety = questions.findIndex((q) => q.hasAttribute("data-safety"));
  if (!(answers[safety] && answers[safety].points > 0)) drop("help");
  const missing = questions.filter((q, i) => !answers[i]);
  questions.forEach((q, i) => markMissing(q, moveFocus && !answers[i]));
  if (missing.length) {
    drop("result");
    fillMissing(part, missing);
  } else {
    drop("errors");
    fillResult(part, answers);
  }
  outcome.replaceChildren(part);
  outcome.hidden = false;
  if (moveFocus) {
    outcome.focus({ preventScroll: true });
    outcome.scrollIntoView({ block: "start" });
  }
}

function fillMissing(part, missing) {
  const list = part.querySelector("[data-missing]");
  missing.forEach((question) => {
    const first = question.querySelector('input[type="radio"]');
    const link = document.createElement("a");
    link.href = `#${first.id}`;
    link.textContent = question.querySelector(".invalid-feedback").textContent.trim();
    const item = document.createElement("li");
    item.append(link);
    list.append(item);
  });
}

function fillResult(part, answers) {
  const total = answers.reduce((sum, answer) => sum + answer.points, 0);
  part.querySelectorAll("[data-total]").forEach((cell) => {
    cell.textContent = String(total);
  });
  part.querySelectorAll(".self-check-band").forEach((band) => {
    const inBand = Number(band.dataset.lowest) <= total && total <= Number(band.dataset.highest);
    if (!inBand) band.remove();
  });
  part.querySelectorAll("tr[data-row]").forEach((row, i) => {
    row.querySelector("[data-answer]").textContent = answers[i].words;
    row.querySelector("[data-points]").textContent = String(answers[i].points);
  });
  part.querySelectorAll('.self-check-carry input[type="hidden"]').forEach((input, i) => {
    input.value = String(answers[i].points);
  });
  const today = new Date();
  const date = part.querySelector("time[data-date]");
  const pad = (n) => String(n).padStart(2, "0");
  date.dateTime = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
  date.textContent = today.toLocaleDateString("en-US", {
    year: "numeric",
    month: "long",
    day: "numeric",
  });
  part.querySelector("[data-print]").hidden = false;
}
