// Add a card: mount Stripe's Payment Element for the page's SetupIntent and confirm it.
// The publishable key, client secret and return URL come from data- attributes (no inline script);
// Stripe.js (its fields and its errors) speaks the page's <html lang>. The Payment Element shows validation
// errors beside its fields; the page's alert shows everything else (a decline), once.
(function () {
  var form = document.getElementById("add-card-form");
  if (!form) return;
  var errorBox = document.getElementById("add-card-error");
  var button = document.getElementById("add-card-submit");
  var stripe, elements;
  try {
    stripe = window.Stripe(form.dataset.publishableKey, { locale: form.dataset.locale });
    elements = stripe.elements({ clientSecret: form.dataset.clientSecret });
    elements.create("payment").mount("#payment-element");
  } catch (failure) {
    // Stripe.js did not load (network, blocker) or the portal has no publishable key.
    document.getElementById("add-card-unavailable").hidden = false;
    button.disabled = true;
    return;
  }

  var SHOWN_BY_ELEMENT = { validation_error: true };

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    errorBox.focus();
    button.disabled = false;
  }

  function refused(error) {
    if (!SHOWN_BY_ELEMENT[error.type]) return showError(error.message);
    button.disabled = false;
    var element = elements.getElement("payment");
    if (element) element.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    errorBox.hidden = true;
    stripe.confirmSetup({ elements: elements, confirmParams: { return_url: form.dataset.returnUrl } })
      .then(function (result) {
        if (result && result.error) refused(result.error);
      }, function () {
        showError(document.getElementById("add-card-unavailable").textContent);
      });
  });
})();
