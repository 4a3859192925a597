// Small behaviours htmx does not cover: focus after swaps, copy buttons.
document.addEventListener("htmx:afterSwap", function (event) {
  var target = event.detail.target;
  var focusable = target.querySelector("[aria-invalid='true'], [data-autofocus]") ||
    (target.id === "alerts" ? null : target.querySelector("[role='alert'], [role='status'] > *"));
  if (focusable) {
    if (!focusable.hasAttribute("tabindex") && !/^(INPUT|SELECT|TEXTAREA|BUTTON|A)$/.test(focusable.tagName)) {
      focusable.setAttribute("tabindex", "-1");
    }
    focusable.focus();
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
