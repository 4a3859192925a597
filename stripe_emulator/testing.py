"""Running the emulator in-process for tests: `running_emulator()` yields its base URL."""

import contextlib
import threading
from collections.abc import Iterator

from werkzeug.serving import WSGIRequestHandler, make_server

from .app import create_app

HOST = "127.0.0.1"


class _QuietRequestHandler(WSGIRequestHandler):
    """Keeps test output free of one access-log line per request."""

    def log_request(self, code="-", size="-") -> None:
        pass


@contextlib.contextmanager
def running_emulator(port: int = 0, data_file: str | None = None, portal_url: str | None = None) -> Iterator[str]:
    """Serve a fresh emulator on 127.0.0.1 (`port=0`: an ephemeral port) in a thread.

        with running_emulator() as base_url:   # "http://127.0.0.1:54321"
            client = stripe.StripeClient("sk_test_123", base_addresses={"api": base_url})
    """
    server = make_server(HOST, port, create_app(data_file=data_file, portal_url=portal_url), threaded=True,
                         request_handler=_QuietRequestHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              name="stripe-emulator", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
