"""Command line: `python -m stripe_emulator --port 12111 [--host 127.0.0.1] [--data FILE] [--portal-url URL]`."""

import argparse
import sys

from werkzeug.serving import make_server

from .app import create_app

LOOPBACK = "127.0.0.1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m stripe_emulator",
                                     description="Stripe-compatible HTTP emulator for the demo and tests.")
    parser.add_argument("--port", type=int, default=12111)
    parser.add_argument("--host", default=LOOPBACK, help="only 127.0.0.1 is accepted")
    parser.add_argument("--data", metavar="FILE", help="keep state in this JSON file across restarts")
    parser.add_argument("--portal-url", metavar="URL",
                        help="base URL of billing portal session links (default: $STRIPE_EMULATOR_PORTAL_URL, "
                             "else the emulator's own portal page)")
    args = parser.parse_args(argv)
    if args.host != LOOPBACK:
        parser.error(f"the emulator binds {LOOPBACK} only (got --host {args.host})")
    app = create_app(data_file=args.data, portal_url=args.portal_url)
    server = make_server(LOOPBACK, args.port, app, threaded=True)
    print(f"Stripe emulator listening on http://{LOOPBACK}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
