"""Stripe for the benchmarks: the emulator served the way Stripe serves its API, on kept-alive connections.

`python -m stripe_emulator` runs Werkzeug's development server, which closes every connection, so each
call would pay a new connection (and the emulator a new thread) that a client of Stripe does not. Here
gunicorn's threaded worker serves it, one process so that its state is one. Answers whose injected latency
is up wait for the interpreter lock at most 0.5 ms, not the 5 ms default behind another request's JSON:
the latency injected is the latency the portal sees.
"""
import sys

from stripe_emulator.app import create_app

sys.setswitchinterval(0.0005)
app = create_app()
