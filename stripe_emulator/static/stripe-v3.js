/* Stand-in for Stripe.js v3 served by the Stripe emulator: Stripe(pk), elements({clientSecret}),
   create('payment').mount(target), confirmSetup({elements, confirmParams: {return_url}, redirect}),
   retrieveSetupIntent(clientSecret). Cards are tokenised against the emulator's /v1 API. */
(function () {
  "use strict";
  var API_BASE = "__EMULATOR_ORIGIN__";
  var counter = 0;

  function encode(params, prefix, pairs) {
    Object.keys(params).forEach(function (key) {
      var value = params[key];
      var name = prefix ? prefix + "[" + key + "]" : key;
      if (value === undefined || value === null) return;
      if (typeof value === "object") encode(value, name, pairs);
      else pairs.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
    });
    return pairs;
  }

  function request(method, path, key, params) {
    var body = encode(params || {}, "", []).join("&");
    var url = API_BASE + path + (method === "GET" && body ? "?" + body : "");
    return fetch(url, {
      method: method,
      headers: { "Authorization": "Bearer " + key, "Content-Type": "application/x-www-form-urlencoded" },
      body: method === "GET" ? undefined : body
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }, function () {
      return { ok: false, json: { error: { type: "api_connection_error", message: "Could not reach Stripe." } } };
    });
  }

  function validationError(code, message) {
    return { type: "validation_error", code: code, message: message };
  }

  function PaymentElement(options) {
    this.options = options || {};
    this.container = null;
    this.handlers = {};
    this.id = "stripe-emulator-" + (++counter);
  }

  PaymentElement.prototype.on = function (event, handler) {
    (this.handlers[event] = this.handlers[event] || []).push(handler);
    return this;
  };

  PaymentElement.prototype.emit = function (event, payload) {
    (this.handlers[event] || []).forEach(function (handler) { handler(payload || {}); });
  };

  PaymentElement.prototype.field = function (name, label, autocomplete, placeholder) {
    var wrapper = document.createElement("div");
    wrapper.className = "StripeElement__field";
    var labelElement = document.createElement("label");
    var input = document.createElement("input");
    input.id = this.id + "-" + name;
    input.name = name;
    input.type = "text";
    input.inputMode = "numeric";
    input.autocomplete = autocomplete;
    input.placeholder = placeholder;
    input.setAttribute("aria-required", "true");
    input.setAttribute("aria-describedby", this.id + "-error");
    labelElement.htmlFor = input.id;
    labelElement.textContent = label;
    wrapper.appendChild(labelElement);
    wrapper.appendChild(input);
    var self = this;
    input.addEventListener("input", function () { self.showError(null); self.emit("change", self.state()); });
    return wrapper;
  };

  PaymentElement.prototype.mount = function (target) {
    var container = typeof target === "string" ? document.querySelector(target) : target;
    if (!container) throw new Error("stripe.elements().create('payment').mount(): no element matches " + target);
    var root = document.createElement("div");
    root.className = "StripeElement StripeElement--payment";
    root.setAttribute("role", "group");
    root.setAttribute("aria-label", "Card details");
    root.appendChild(this.field("cardnumber", "Card number", "cc-number", "1234 1234 1234 1234"));
    root.appendChild(this.field("exp-date", "Expiration date (MM / YY)", "cc-exp", "MM / YY"));
    root.appendChild(this.field("cvc", "Security code (CVC)", "cc-csc", "CVC"));
    var error = document.createElement("div");
    error.id = this.id + "-error";
    error.className = "StripeElement__error";
    error.setAttribute("role", "alert");
    error.setAttribute("aria-live", "polite");
    root.appendChild(error);
    container.innerHTML = "";
    container.appendChild(root);
    this.container = root;
    this.emit("ready", { elementType: "payment" });
    return this;
  };

  PaymentElement.prototype.input = function (name) {
    return this.container.querySelector("input[name='" + name + "']");
  };

  PaymentElement.prototype.state = function () {
    return { elementType: "payment", empty: !this.input("cardnumber").value, complete: !this.validate() };
  };

  PaymentElement.prototype.values = function () {
    var expiry = this.input("exp-date").value.replace(/\s/g, "").split("/");
    var year = parseInt(expiry[1], 10);
    return {
      number: this.input("cardnumber").value.replace(/[\s-]/g, ""),
      exp_month: parseInt(expiry[0], 10),
      exp_year: year < 100 ? 2000 + year : year,
      cvc: this.input("cvc").value.trim()
    };
  };

  PaymentElement.prototype.validate = function () {
    var card = this.values();
    if (!card.number) return validationError("incomplete_number", "Your card number is incomplete.");
    if (!card.exp_month || !card.exp_year) {
      return validationError("incomplete_expiry", "Your card's expiration date is incomplete.");
    }
    if (!card.cvc) return validationError("incomplete_cvc", "Your card's security code is incomplete.");
    return null;
  };

  PaymentElement.prototype.showError = function (error) {
    if (!this.container) return;
    this.container.querySelector(".StripeElement__error").textContent = error ? error.message : "";
    var invalidName = { incorrect_number: "cardnumber", incomplete_number: "cardnumber",
      invalid_expiry_month: "exp-date", invalid_expiry_year: "exp-date", incomplete_expiry: "exp-date",
      invalid_cvc: "cvc", incomplete_cvc: "cvc" }[error && error.code];
    var inputs = this.container.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) {
      inputs[i].setAttribute("aria-invalid", String(inputs[i].name === invalidName));
    }
  };

  PaymentElement.prototype.unmount = function () {
    if (this.container && this.container.parentNode) this.container.parentNode.removeChild(this.container);
    this.container = null;
  };
  PaymentElement.prototype.destroy = PaymentElement.prototype.unmount;
  PaymentElement.prototype.focus = function () { if (this.container) this.input("cardnumber").focus(); };

  function Elements(stripe, options) {
    this.stripe = stripe;
    this.clientSecret = options.clientSecret;
    this.appearance = options.appearance || {};
    this.element = null;
  }

  Elements.prototype.create = function (type, options) {
    if (type !== "payment") throw new Error("The Stripe emulator's Stripe.js supports elements.create('payment') only.");
    this.element = new PaymentElement(options);
    return this.element;
  };
  Elements.prototype.getElement = function () { return this.element; };
  Elements.prototype.update = function (options) { this.appearance = options.appearance || this.appearance; };
  Elements.prototype.submit = function () {
    var error = this.element ? this.element.validate() : validationError("incomplete", "Mount the Payment Element first.");
    if (error && this.element) this.element.showError(error);
    return Promise.resolve(error ? { error: error } : {});
  };

  function Stripe(publishableKey) {
    if (!(this instanceof Stripe)) return new Stripe(publishableKey);
    if (typeof publishableKey !== "string" || publishableKey.indexOf("pk_") !== 0) {
      throw new Error("Invalid value for Stripe(): apiKey should be a publishable key (pk_...).");
    }
    this.key = publishableKey;
  }

  Stripe.prototype.elements = function (options) { return new Elements(this, options || {}); };

  Stripe.prototype.retrieveSetupIntent = function (clientSecret) {
    var id = clientSecret.split("_secret_")[0];
    return request("GET", "/v1/setup_intents/" + id, this.key, { client_secret: clientSecret })
      .then(function (result) { return result.ok ? { setupIntent: result.json } : { error: result.json.error }; });
  };

  Stripe.prototype.confirmSetup = function (options) {
    var elements = options.elements;
    var confirmParams = options.confirmParams || {};
    var clientSecret = options.clientSecret || elements.clientSecret;
    var element = elements.element;
    var key = this.key;
    if (options.redirect !== "if_required" && !confirmParams.return_url) {
      return Promise.reject(new Error("stripe.confirmSetup(): the `confirmParams.return_url` argument is " +
        "required unless passing `redirect: 'if_required'`"));
    }
    // As Stripe.js: the Payment Element shows validation errors beside its fields; a decline
    // (card_error) is only returned, for the page to show.
    function fail(error) {
      if (error.type === "validation_error") element.showError(error);
      return { error: error };
    }
    var invalid = element.validate();
    if (invalid) return Promise.resolve(fail(invalid));
    var paymentMethodData = confirmParams.payment_method_data || {};
    var setupIntentId = clientSecret.split("_secret_")[0];
    return request("POST", "/v1/payment_methods", key, {
      type: "card", card: element.values(), billing_details: paymentMethodData.billing_details
    }).then(function (created) {
      if (!created.ok) return fail(created.json.error);
      return request("POST", "/v1/setup_intents/" + setupIntentId + "/confirm", key, {
        payment_method: created.json.id, client_secret: clientSecret, return_url: confirmParams.return_url
      }).then(function (confirmed) {
        if (!confirmed.ok) return fail(confirmed.json.error);
        if (options.redirect === "if_required") return { setupIntent: confirmed.json };
        var url = confirmParams.return_url;
        window.location.assign(url + (url.indexOf("?") === -1 ? "?" : "&") +
          "setup_intent=" + encodeURIComponent(setupIntentId) +
          "&setup_intent_client_secret=" + encodeURIComponent(clientSecret) + "&redirect_status=succeeded");
        return new Promise(function () {});
      });
    });
  };

  window.Stripe = Stripe;
})();
