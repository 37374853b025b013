// Comfort only: the consultation form works without this file.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector(".intake-form");
  if (!form) return;
  countMessageCharacters();
  speakAboutThemWhenHelping(form);
  respondToTheSafetyAnswer(form);
  addTrialRowsInPlace(form);
  bringErrorsIntoView();
});

function radios(form, name) {
  return Array.from(form.querySelectorAll(`input[type="radio"][name="${name}"]`));
}

// Who is filling the form in: "self", "someone_else" or "clinician".
function sender(form) {
  const chosen = radios(form, "submitted_by").find((input) => input.checked);
  return chosen ? chosen.value : "self";
}

// Shows how many characters are left in the message box, so nobody writes more than can be sent.
function countMessageCharacters() {
  const box = document.getElementById("id_message");
  // The limit comes from the server (MESSAGE_MAX_LENGTH), written on the box by the form.
  const limit = box ? Number(box.dataset.maxLength) : 0;
  if (!limit) return;
  const counter = document.createElement("p");
  counter.className = "form-text char-count";
  counter.id = "id_message_count";
  counter.setAttribute("aria-live", "polite");
  box.insertAdjacentElement("afterend", counter);
  const describedBy = (box.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  describedBy.push(counter.id);
  box.setAttribute("aria-describedby", describedBy.join(" "));
  let timer;
  const update = () => {
    // The browser sends each line break as two characters (CR LF), and the server counts them so.
    const left = limit - box.value.replace(/\n/g, "\r\n").length;
    counter.textContent =
      left >= 0 ? `${left} characters left.` : `${-left} characters too many.`;
    counter.classList.toggle("is-over", left < 0);
  };
  update();
  box.addEventListener("input", () => {
    clearTimeout(timer);
    // Announced after a pause in typing, not on every key.
    timer = setTimeout(update, 400);
  });
}

// Someone filling the form in for another person (a helper or a referring clinician) reads the
// questions about "them" or "the patient" (the stylesheet switches the words); the browser's
// saved details are their own, not the person's, so it does not offer them for the person's boxes.
function speakAboutThemWhenHelping(form) {
  const group = radios(form, "submitted_by");
  const update = () => {
    const helping = sender(form) !== "self";
    form.querySelectorAll("[data-autocomplete-you]").forEach((input) => {
      input.autocomplete = helping ? "off" : input.dataset.autocompleteYou;
    });
  };
  group.forEach((input) => input.addEventListener("change", update));
}

// Choosing "Yes" to thoughts of suicide or self-harm shows help at once, under the question, in
// a polite live region; "I would prefer not to say" gets a gentler line. A referring clinician
// is told how to get help for the patient ("I am not sure" for them).
function respondToTheSafetyAnswer(form) {
  const region = document.getElementById("safety-response");
  if (!region) return;
  const templates = {
    yes: document.getElementById("safety-yes"),
    "yes-them": document.getElementById("safety-yes-them"),
    "yes-clinician": document.getElementById("safety-yes-clinician"),
    prefer_not_to_say: document.getElementById("safety-prefer-not"),
    "prefer_not_to_say-clinician": document.getElementById("safety-not-sure-clinician"),
  };
  const answers = radios(form, "self_harm_thoughts");
  const senders = radios(form, "submitted_by");
  let shown = null;
  const update = (event) => {
    const answer = answers.find((input) => input.checked);
    const who = sender(form);
    // Someone answering for another person is told how to help them, not spoken to as at risk.
    let key = answer && answer.value;
    if (key && who === "clinician") key = `${key}-clinician`;
    else if (key === "yes" && who === "someone_else") key = "yes-them";
    if (key === shown) return;
    shown = key;
    const template = templates[key];
    const chosen = answers.includes(event.target) ? event.target : null;
    const topBefore = chosen && chosen.getBoundingClientRect().top;
    region.replaceChildren(template ? template.content.cloneNode(true) : "");
    if (chosen) showWhereTheyAreLooking(chosen, topBefore, region);
  };
  answers.forEach((input) => input.addEventListener("change", update));
  senders.forEach((input) => input.addEventListener("change", update));
}

// The answer just chosen stays where it was on the screen. If the help under it starts below the
// bottom of the screen, the page scrolls to show it (gently, unless reduced motion is asked for),
// as far as it fits but never so far that the answer goes under the crisis bar. The stylesheet
// keeps the browser's own scroll anchoring from moving the page when the help appears.
function showWhereTheyAreLooking(answer, topBefore, region) {
  const moved = answer.getBoundingClientRect().top - topBefore;
  if (moved) window.scrollBy(0, moved);
  const help = region.firstElementChild;
  if (!help) return;
  const firstLine = help.querySelector("p") || help;
  if (firstLine.getBoundingClientRect().bottom <= window.innerHeight) return;
  const bar = document.querySelector(".crisis-bar");
  const covered =
    bar && getComputedStyle(bar).position === "sticky" ? bar.getBoundingClientRect().bottom : 0;
  const room = answer.getBoundingClientRect().top - covered - 8;
  const needed = help.getBoundingClientRect().bottom + 16 - window.innerHeight;
  const distance = Math.min(needed, room);
  if (distance <= 0) return;
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  window.scrollBy({ top: distance, behavior: still ? "auto" : "smooth" });
}

// "Add another medicine" adds an empty row in place (without JavaScript it sends the form back
// with one more row), numbers it, and puts the cursor in its first box; at the most rows a form
// takes, the button gives way to a message saying so.
function addTrialRowsInPlace(form) {
  const button = document.getElementById("add-medicine");
  const template = document.getElementById("trial-row-template");
  const list = document.getElementById("trial-list");
  const total = form.querySelector('input[name="antidepressant_trials-TOTAL_FORMS"]');
  if (!button || !template || !list || !total) return;
  const most = Number(button.dataset.maxRows);
  button.addEventListener("click", (event) => {
    event.preventDefault();
    const index = Number(total.value);
    if (index >= most) return;
    const html = template.innerHTML
      .replaceAll("__prefix__", String(index))
      .replaceAll("__number__", String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const row = list.lastElementChild;
    row.querySelector("input").focus();
    if (index + 1 >= most) {
      document.getElementById("trial-limit").textContent = button.dataset.limitMessage;
      button.remove();
    }
  });
}

// An error summary link brings the question itself into view below the crisis bar, then puts
// the cursor in its answer (GOV.UK's error summary does the same).
function bringErrorsIntoView() {
  const summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    const input = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    const fieldset = input.closest("fieldset");
    const question =
      (fieldset && fieldset.querySelector("legend")) ||
      document.querySelector(`label[for="${input.id}"]`) ||
      input;
    question.scrollIntoView({ block: "start" });
    input.focus({ preventScroll: true });
  });
}
