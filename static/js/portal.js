// htmx's configuration, then small behaviours htmx does not cover: focus after swaps, copy buttons.
// This file runs (deferred, after htmx) before htmx starts on DOMContentLoaded, so the settings apply from the first
// request; here rather than in a <meta> so no page carries them. No eval (the CSP forbids it), no injected indicator
// styles (no nonce), no history snapshots; 4xx/5xx answers are swapped (error alerts), 422 too (a form with errors).
htmx.config.allowEval = false;
htmx.config.includeIndicatorStyles = false;
htmx.config.historyCacheSize = 0;
htmx.config.refreshOnHistoryMiss = true;
htmx.config.responseHandling = [{code: "204", swap: false}, {code: "[23]..", swap: true}, {code: "422", swap: true},
  {code: "[45]..", swap: true, error: true}];
// htmx 2 fires afterSettle on each element it swapped in, once their own hx- attributes are live (before that a
// form in them would submit without htmx). Focus goes to the first invalid field, else to a [data-autofocus] step
// heading; if the swap removed the last focused control, to the new message or the new content, so keyboard and
// screen reader users keep their place.
var lastFocused = null;
document.addEventListener("focusin", function (event) { lastFocused = event.target; });

document.addEventListener("htmx:afterSettle", function (event) {
  var swapped = event.target;
  if (!(swapped instanceof Element) || !swapped.isConnected) return;
  var pick = function (selector) { return swapped.matches(selector) ? swapped : swapped.querySelector(selector); };
  var active = document.activeElement;
  var lost = !!lastFocused && !lastFocused.isConnected && (!active || active === document.body);
  var focusable = pick("[aria-invalid='true']") || pick("[data-autofocus]") ||
    (lost ? pick("[role='alert'], [role='status']") || swapped : null);
  if (focusable) {
    if (!focusable.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(focusable.tagName)) {
      focusable.setAttribute("tabindex", "-1");
    }
    focusable.focus();
  }
});

// A message flashed by the previous action (after a redirect, e.g. back from Stripe) is focused so it is read first;
// after load, because going to the URL's #fragment resets the focus.
window.addEventListener("load", function () {
  var flashed = document.querySelector("#alerts > .alert");
  if (flashed) {
    flashed.setAttribute("tabindex", "-1");
    setTimeout(function () { flashed.focus(); }, 0);
  }
});

document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) return;
  var source = document.getElementById(button.getAttribute("data-copy"));
  navigator.clipboard.writeText(source.value || source.textContent).then(function () {
    button.textContent = button.getAttribute("data-copied") || "Copied";
  });
});
