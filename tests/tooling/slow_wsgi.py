"""A WSGI app whose every answer takes 0.4 s, for gunicorn's tests: it says when it started and ended, and where."""
import json
import os
import threading
import time


def app(environ, start_response):
    started = time.time()
    time.sleep(0.4)
    body = json.dumps({"pid": os.getpid(), "thread": threading.get_ident(), "started": started,
                       "ended": time.time()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
