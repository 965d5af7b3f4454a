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
// the top of the page. Only for content that asks for it: the reminders, loaded
// into the page on its own, must not take the focus from where the user is.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!(event.target instanceof Element)) return;
  const target = event.target.querySelector("[data-focus-after-swap]");
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
// The countdown is no live region, or a screen reader would read every second for
// five minutes; it becomes one for its last words, which are then announced.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-timer]");
  if (!button) return;
  const display = button.parentElement.querySelector(".timer");
  let left = Number(button.dataset.timer);
  // A disabled button drops the focus to <body>: the countdown keeps it instead.
  const focused = document.activeElement === button;
  button.disabled = true;
  if (focused) {
    display.tabIndex = -1;
    display.focus();
  }
  display.removeAttribute("aria-live");
  const tick = () => {
    if (left > 0) {
      const seconds = String(left % 60).padStart(2, "0");
      display.textContent = `${Math.floor(left / 60)}:${seconds}`;
      left -= 1;
      return;
    }
    clearInterval(timer);
    button.disabled = false;
    display.setAttribute("aria-live", "polite");
    setTimeout(() => {
      display.textContent = display.dataset.done || "✓";
    }, 100);
  };
  const timer = setInterval(tick, 1000);
  tick();
});
