// medtrack's own behaviour, kept out of the pages for a strict Content Security Policy.
"use strict";

// A tap on the body map fills the form named by the map's data-map-for with the
// area and the point in centimetres (one decimal), then submits it when the form
// asks for that (data-submit-on-pick). The form itself is the keyboard's way in.
document.addEventListener("click", (event) => {
  const region = event.target.closest("[data-place]");
  const map = region && region.closest("[data-map-for]");
  if (!map) return;
  const form = document.getElementById(map.dataset.mapFor);
  const frame = region.querySelector("rect");
  if (!form || !frame) return;
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(
    frame.getScreenCTM().inverse(),
  );
  const clamp = (value, max) => Math.min(Math.max(Math.round(value), 0), max);
  const xMm = clamp(point.x, frame.width.baseVal.value);
  const yMm = clamp(point.y, frame.height.baseVal.value);
  form.elements.place.value = region.dataset.place;
  form.elements.x.value = (xMm / 10).toFixed(1).replace(/\.0$/, "");
  form.elements.y.value = (yMm / 10).toFixed(1).replace(/\.0$/, "");
  if ("submitOnPick" in form.dataset) {
    form.requestSubmit();
  } else {
    form.elements.place.focus();
  }
});

// After htmx replaces part of the page, put the keyboard focus where the new
// content starts, so that keyboard and screen reader users are not sent back to
// the top of the page.
document.addEventListener("htmx:afterSettle", () => {
  const target = document.querySelector("[data-focus-after-swap]");
  if (target) target.focus({ preventScroll: false });
});

// A failed request (server error, lost connection) must not fail silently: say so
// in the page's live region, which screen readers announce.
function announceFailure() {
  const region = document.getElementById("announcement");
  if (!region) return;
  const message = document.createElement("p");
  message.className = "message message-error";
  message.textContent = document.documentElement.dataset.failureMessage;
  region.replaceChildren(message);
}
document.addEventListener("htmx:responseError", announceFailure);
document.addEventListener("htmx:sendError", announceFailure);

// The foam timer: a button with data-timer="seconds" counts down beside itself.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-timer]");
  if (!button) return;
  const display = button.parentElement.querySelector(".timer");
  let left = Number(button.dataset.timer);
  button.disabled = true;
  const tick = () => {
    const minutes = Math.floor(left / 60);
    const seconds = String(left % 60).padStart(2, "0");
    display.textContent = left > 0 ? `${minutes}:${seconds}` : display.dataset.done || "✓";
    if (left-- <= 0) {
      clearInterval(timer);
      button.disabled = false;
    }
  };
  const timer = setInterval(tick, 1000);
  tick();
});
