// "Print this checklist": prints the questions to ask an insurance plan on their own. Without
// this file the button stays hidden, and printing from the browser prints the whole page, which
// static/css/costs.css keeps clean.
document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("[data-print-checklist]");
  if (!button) return;
  const root = document.documentElement;
  button.hidden = false;
  button.addEventListener("click", () => {
    root.classList.add("printing-checklist");
    window.print();
  });
  window.addEventListener("afterprint", () => root.classList.remove("printing-checklist"));
});
