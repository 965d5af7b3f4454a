// medtrack's own behaviour, kept out of the pages for a strict Content Security Policy.
"use strict";

// The body map. Each region of the drawing has a button that opens it enlarged (a
// disclosure, one open at a time); a tap on a region of the drawing opens it too, and
// on the abdomen the half tapped. `data-zoom-split` is the frame x between the halves.
function showZoom(map, id) {
  for (const button of map.querySelectorAll("button[data-zoom]")) {
    const open = button.dataset.zoom === id;
    button.setAttribute("aria-expanded", String(open));
    document.getElementById(button.dataset.zoom).hidden = !open;
  }
  for (const region of map.querySelectorAll("[data-zooms]")) {
    const open = id !== null && region.dataset.zooms.split(" ").includes(id);
    region.classList.toggle("region-open", open);
  }
  const panel = id && document.getElementById(id);
  if (panel) panel.scrollIntoView({ block: "nearest" });
}

// A point of a tap in a region's own frame, in millimetres: the region's group carries
// the transform (mirrored or not), so these are stored coordinates.
function framePoint(region, event) {
  const frame = region.querySelector(".region-frame");
  const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(
    frame.getScreenCTM().inverse(),
  );
  const clamp = (value, max) => Math.min(Math.max(Math.round(value), 0), max);
  return {
    x: clamp(point.x, frame.width.baseVal.value),
    y: clamp(point.y, frame.height.baseVal.value),
  };
}

document.addEventListener("click", (event) => {
  const map = event.target.closest(".bodymap");
  if (!map) return;
  const button = event.target.closest("button[data-zoom]");
  if (button) {
    const opening = button.getAttribute("aria-expanded") !== "true";
    showZoom(map, opening ? button.dataset.zoom : null);
    return;
  }
  const close = event.target.closest("[data-zoom-close]");
  if (close) {
    showZoom(map, null);
    map.querySelector(`button[data-zoom="${close.dataset.zoomClose}"]`).focus();
    return;
  }
  const region = event.target.closest("[data-zooms]");
  if (region) {
    const zooms = region.dataset.zooms.split(" ");
    const second = zooms.length > 1 && framePoint(region, event).x >= Number(region.dataset.zoomSplit);
    showZoom(map, zooms[second ? 1 : 0]);
  }
});

// The spot a form is about to check, drawn on its map at once: the check-in swaps only
// its verdict, not the map. Each region's marks group says its dot and cross sizes.
function drawChosen(map, place, xMm, yMm) {
  for (const old of map.querySelectorAll("[data-marks] .mark-chosen")) old.remove();
  const svg = (name, attributes) => {
    const element = document.createElementNS("http://www.w3.org/2000/svg", name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    return element;
  };
  for (const marks of map.querySelectorAll(`[data-region="${place}"] > [data-marks]`)) {
    const [dot, cross] = marks.dataset.marks.split(" ").map(Number);
    const mark = svg("g", { class: "mark-chosen", transform: `translate(${xMm} ${yMm})` });
    mark.append(
      svg("circle", { r: 2 * dot }),
      svg("path", { d: `M-${cross} 0H${cross}M0 -${cross}V${cross}` }),
    );
    marks.append(mark);
  }
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  const map = form.id && document.querySelector(`[data-map-for="${form.id}"]`);
  if (!map || !form.elements.place) return;
  const mm = (field) => Math.round(Number(String(field.value).replace(",", ".")) * 10);
  const [x, y] = [mm(form.elements.x), mm(form.elements.y)];
  if (form.elements.place.value && Number.isFinite(x) && Number.isFinite(y)) {
    drawChosen(map, form.elements.place.value, x, y);
  }
});

// A tap on an enlarged region fills the form named by the map's data-map-for with the
// area and the point in centimetres (one decimal), then submits it when the form asks
// for that (data-submit-on-pick). The form itself is the keyboard's way in.
document.addEventListener("click", (event) => {
  const region = event.target.closest("[data-place]");
  const map = region && region.closest("[data-map-for]");
  if (!map) return;
  const form = document.getElementById(map.dataset.mapFor);
  if (!form) return;
  const { x, y } = framePoint(region, event);
  form.elements.place.value = region.dataset.place;
  form.elements.x.value = (x / 10).toFixed(1).replace(/\.0$/, "");
  form.elements.y.value = (y / 10).toFixed(1).replace(/\.0$/, "");
  if ("submitOnPick" in form.dataset) {
    form.requestSubmit();
  } else {
    form.elements.place.focus();
  }
});

// After htmx replaces part of the page, put the keyboard focus where the new
// content starts, so that keyboard and screen reader users are not sent back to
// the top of the page. Only for content that asks for it: the reminders, loaded
// into the page on its own, must not take the focus from where the user is. A form
// sent back refused puts it on its error summary, before any other such place.
document.addEventListener("htmx:afterSettle", (event) => {
  if (!(event.target instanceof Element)) return;
  const target =
    event.target.querySelector(".error-summary[data-focus-after-swap]") ||
    event.target.querySelector("[data-focus-after-swap]");
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

// A page sent back with a form's errors (templates/injections/_error_summary.html)
// puts the focus on their summary, so that what to fix is heard and read first.
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.querySelector("[data-focus-on-load]");
  if (summary) summary.focus();
});

// The time-zone field (web/zones.py): the device's own zone is offered first, in a
// group of its own, and picked while the field has no zone yet; a stored zone is
// never changed. The browser may name its zone by an older alias ("Asia/Calcutta"
// for "Asia/Kolkata"), so a name not found as such is compared as Intl resolves it.
function resolvedZone(name) {
  try {
    return new Intl.DateTimeFormat("en", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return name;
  }
}

function offerDeviceZone(select, device) {
  const options = Array.from(select.options).filter((option) => option.value);
  let match = options.find((option) => option.value === device);
  if (!match) {
    const wanted = resolvedZone(device);
    match = options.find((option) => resolvedZone(option.value) === wanted);
  }
  if (!match) return;
  const group = document.createElement("optgroup");
  group.label = select.dataset.deviceZone;
  const offered = new Option(match.text, match.value);
  group.append(offered);
  const blank = Array.from(select.options).find((option) => !option.value);
  select.insertBefore(group, blank ? blank.nextSibling : select.firstChild);
  if (!select.value) offered.selected = true;
}

// A filter box above the list (web/zones.py, `filter_words`): a phone's own picker
// cannot be typed into, and 400 places are a long scroll for painful hands. What is
// typed narrows the options to the places whose name (in the reader's language, in
// English, or the IANA name) holds it, accents and case aside; how many match is said
// in a polite live region. The select stays the form's control: its chosen option is
// never taken out, so narrowing the list never changes what is saved.
function searchable(text) {
  return text
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function matchesWords(select, count) {
  const words = select.dataset;
  if (count === 0) return words.filterNone;
  const category = new Intl.PluralRules(document.documentElement.lang || "en").select(count);
  const sentence = words[`filter${category[0].toUpperCase()}${category.slice(1)}`] || words.filterOther;
  return sentence.replace("%(count)s", count.toLocaleString(document.documentElement.lang || "en"));
}

function addZoneFilter(select) {
  // What each option's text is searched for, and the list's parts, in their order.
  const texts = new Map(
    Array.from(select.options, (option) => [
      option,
      searchable(`${option.text} ${option.dataset.also || ""} ${option.value}`),
    ]),
  );
  const parts = Array.from(select.children, (part) => ({
    part,
    options: part.tagName === "OPTGROUP" ? Array.from(part.children) : [part],
  }));
  const box = document.createElement("span");
  box.className = "zone-filter";
  const label = document.createElement("label");
  const input = document.createElement("input");
  const status = document.createElement("span");
  input.type = "search";
  input.id = `${select.id}_filter`;
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("aria-controls", select.id);
  label.htmlFor = input.id;
  label.textContent = select.dataset.filterLabel;
  status.setAttribute("role", "status");
  status.className = "hint";
  box.append(label, input, status);
  select.before(box);

  let saying;
  input.addEventListener("input", () => {
    const wanted = searchable(input.value);
    const chosen = select.selectedOptions[0];
    const places = new Set(); // the device's zone is listed twice: one place
    const shown = [];
    for (const { part, options } of parts) {
      const kept = options.filter((option) => {
        const match = Boolean(wanted) && Boolean(option.value) && texts.get(option).includes(wanted);
        if (match) places.add(option.value);
        return !wanted || match || option === chosen;
      });
      if (part.tagName === "OPTGROUP") part.replaceChildren(...kept);
      if (kept.length) shown.push(part);
    }
    select.replaceChildren(...shown);
    if (chosen) chosen.selected = true;
    // Said once the typing pauses, not at every letter.
    clearTimeout(saying);
    saying = setTimeout(() => {
      status.textContent = wanted ? matchesWords(select, places.size) : "";
    }, 300);
  });
  // Enter would send the form from the box: it goes to the list instead.
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    select.focus();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll("select[data-device-zone]").forEach((select) => {
    if (device) offerDeviceZone(select, device);
    if (select.dataset.filterLabel) addZoneFilter(select);
  });
});

// A button that copies a field's text (the calendar address on Settings): shown only
// where the browser can copy; the field stays there to select by hand.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy]").forEach((button) => {
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", async () => {
      const field = document.getElementById(button.dataset.copy);
      await navigator.clipboard.writeText(field.value);
      const status = button.parentElement.querySelector("[role=status]");
      if (status) status.textContent = button.dataset.copied;
    });
  });
});

// "Print this page" (the visit report): shown only where a script can print; the
// browser's own Print menu does the same.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-print]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  });
});

// Notifications on this device (Settings, Web Push): the button shows only where the
// browser can receive pushes. A click asks leave to notify, subscribes through the
// service worker with the server's key, saves the subscription, and reloads the page,
// which then lists the device. Outcomes are said in the status next to the button.
function base64UrlBytes(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
}

// The CSRF token, from the hx-headers that every page's body carries for htmx.
function csrfToken() {
  try {
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
  } catch {
    return "";
  }
}

async function pushSubscription(registration, key) {
  const options = { userVisibleOnly: true, applicationServerKey: base64UrlBytes(key) };
  try {
    return await registration.pushManager.subscribe(options);
  } catch (error) {
    // A subscription made with an earlier server key cannot be reused: replace it.
    const old = await registration.pushManager.getSubscription();
    if (!old) throw error;
    await old.unsubscribe();
    return registration.pushManager.subscribe(options);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const button = document.querySelector("button[data-push-key]");
  if (!button) return;
  const status = document.getElementById("push-status");
  // Says the status's data-push-* words named by `key`, or the server's own words.
  const say = (key, words) => {
    if (status) status.textContent = words || status.dataset[key];
  };
  if (!("serviceWorker" in navigator && "PushManager" in window && "Notification" in window)) {
    say("pushUnsupported");
    return;
  }
  button.hidden = false;
  if (Notification.permission === "denied") say("pushBlocked");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const permission = await Notification.requestPermission();
      if (permission === "denied") say("pushBlocked");
      if (permission !== "granted") return;
      const registration = await navigator.serviceWorker.ready;
      const subscription = await pushSubscription(registration, button.dataset.pushKey);
      const response = await fetch(button.dataset.pushUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify(subscription.toJSON()),
      });
      if (!response.ok) {
        const answer = await response.json().catch(() => ({}));
        say("pushFailed", answer.error);
        return;
      }
      say("pushOn");
      window.location.reload();
    } catch {
      say("pushFailed");
    } finally {
      button.disabled = false;
    }
  });
});

// The web import (History, "Bring in a record"). A file over the page's stated limit
// is refused here, before it is sent; the server refuses it too. While a file is
// sent, the progress bar shows how much of it has gone; once all of it has, the
// status says the server is checking and recording its rows.
document.addEventListener("change", (event) => {
  const input = event.target.closest("input[type=file][data-max-bytes]");
  if (!input) return;
  const file = input.files[0];
  const tooLarge = Boolean(file) && file.size > Number(input.dataset.maxBytes);
  input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
  const message = document.getElementById("import-too-large");
  if (message) {
    message.textContent = tooLarge ? input.dataset.tooLarge : "";
    message.hidden = !tooLarge;
  }
  if (tooLarge) input.setAttribute("aria-invalid", "true");
  else input.removeAttribute("aria-invalid");
});

function importProgress(form) {
  const box = form.querySelector("#import-progress");
  return box && { box, bar: box.querySelector("progress"), status: box.querySelector("[role=status]") };
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.target.closest && event.target.closest("[data-import-form]");
  const parts = form && importProgress(form);
  if (!parts) return;
  parts.box.hidden = false;
  parts.bar.value = 0;
  parts.status.textContent = "";
});

document.addEventListener("htmx:xhr:progress", (event) => {
  const form = event.target.closest && event.target.closest("[data-import-form]");
  const parts = form && importProgress(form);
  if (!parts || !event.detail.lengthComputable) return;
  const percent = Math.round((100 * event.detail.loaded) / event.detail.total);
  parts.bar.value = percent;
  parts.bar.textContent = `${percent}%`;
  if (event.detail.loaded >= event.detail.total) {
    parts.status.textContent = parts.status.dataset.checking;
    // Still busy: a bar without a value shows work going on, for as long as it takes.
    parts.bar.removeAttribute("value");
  }
});

// The service worker (served at /sw.js) shows an offline page when a page cannot load.
if ("serviceWorker" in navigator) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js").catch(() => {});
  });
}
