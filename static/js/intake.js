// Comfort only: the consultation form works without this file.
// Shows how many characters are left in the message box, so nobody writes more than can be sent.
document.addEventListener("DOMContentLoaded", () => {
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
});
