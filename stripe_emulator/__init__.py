"""A stateful Stripe-compatible HTTP emulator for the demo and the tests (never deployed).

The official `stripe` SDK talks to it over HTTP exactly as it talks to Stripe:

    python -m stripe_emulator --port 12111 [--data state.json] [--portal-url URL]
    client = stripe.StripeClient("sk_test_123", base_addresses={"api": "http://127.0.0.1:12111"})

In tests: `from stripe_emulator.testing import running_emulator`.

Layout
  app.py          Flask factory: auth, Request-Id, CORS, latency, error shape, routes
  dispatch.py     one /v1 call: decode, validate, idempotency, handler under the lock, render
  endpoints.py    @endpoint table, the Call handed to handlers, current_store()
  params.py       allow-list specs and coercion (unknown params are 400 parameter_unknown)
  wire.py         form decoding of nested params `a[b][0][c]`, `expand[]`
  store.py        all objects by id, the clock, hooks, one RLock, optional JSON file
  expand.py       rendering: private `_keys` dropped, `expand[]` paths (max depth 4), includables
  listing.py      list objects and cursor pagination
  events.py       event creation (`emit`) and `previous_attributes`
  hooks.py        @on_event listeners (webhooks) and @on_clock_advance handlers (renewals)
  idempotency.py  Idempotency-Key replay / conflict
  clock.py, ids.py, errors.py, controls.py (/_emulator/ test controls), testing.py
  resources/      one module per resource family, discovered automatically

Adding a resource
  1. Create `resources/<family>.py`. Declare each call with
     `@endpoint(METHOD, "/v1/things/<thing>", params={...allow-list...},
     sdk_params="ThingCreateParams")`; the handler gets `(call, **path_args)`
     and returns a stored dict (or `listing.paginate(...)`), which the app renders.
  2. Store objects as plain dicts in the shape of the SDK's resource class
     (`store.add(obj)`, `store.get("thing", id)` raises 404, `store.all("thing")`
     newest first). Keep internal state in `_`-prefixed keys; they never leave.
  3. On every state change call `call.emit("thing.created", obj)`, or for
     updates `call.emit("thing.updated", obj, previous=before_copy)`.
  4. Raise errors from `errors.py` (`invalid_request`, `resource_missing`, `card_error`).
  5. Optionally define `blueprint` (a Flask Blueprint) in the module for
     non-API pages; register `hooks.on_event` / `hooks.on_clock_advance`
     functions; use `expand.includable` for fields returned only on expand.
  6. Add SDK-driven tests under tests/emulator/; the fidelity tests then check
     the new objects and params against the SDK automatically.

Charging a payment method (invoices): `resources.cards.charge(store, pm_id, amount)` returns
None or the card error.

Billing (resources/)
  subscriptions.py         create (first invoice charged; trials; payment_behavior), list, cancel, resume, items
  subscription_updates.py  updates; `plan_update` computes a change so previews equal what an update bills
  subscription_billing.py  item periods, period/proration lines, billing an invoice with the status it implies
  invoicing.py             invoice lines, discounts and totals, finalize (number, URLs, balance), pay, void
  invoices.py              retrieve/list/lines/pay/void and `create_preview`
  invoice_pages.py         the hosted invoice page and its PDF (served at `hosted_invoice_url`, `invoice_pdf`)
  coupons.py, promotion_codes.py, discounts.py   coupons, codes (`promotion.coupon`), redeeming discounts
  billing_math.py          calendar periods from the anchor, proration, discount allocation
  subscription_schedules.py  schedules (from_subscription, phases), release, cancel; the clock's phase changes
  renewals.py              the clock: renewals, payment retries, trial ends, period-end cancels,
                           pause resumption, schedule phases, incomplete expiry, and the
                           trial_will_end / invoice.upcoming notices ahead of them
  billing_portal.py        portal configurations and sessions; portal_page.py the page a session opens
  tax_ids.py, tax_id_formats.py  customer tax IDs of every type, with per-type format checks
  webhooks.py              `/_emulator/webhook_endpoints` and signed delivery with retries
  Test controls: POST /_emulator/webhook_endpoints (`url`, optional `secret`, `enabled_events[]`),
  GET /_emulator/webhook_endpoints, DELETE /_emulator/webhook_endpoints/<id>; reset removes them.
  Deliberately not covered: taxes, usage-based and tiered prices, `send_invoice` collection,
  pending updates, billing_cycle_anchor other than now/unchanged on an update, Smart Retries (a declined
  renewal is retried every 3 days, 4 attempts in all, then waits for `invoices.pay`; the
  subscription stays past_due), PaymentIntents behind invoices (so no
  `confirmation_secret` for default_incomplete), coupon `minimum_amount` restrictions and
  multi-currency coupons.
"""

from .app import create_app

__all__ = ["create_app"]
