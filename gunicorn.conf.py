"""gunicorn settings for the Procfile, the demo and a server: threaded workers that take a connection only with a
thread free for it; several only with Redis."""
import sys

from portal_site.config import SERVER_THREADS, ConfigError, check_processes
from portal_site.web.gunicorn_worker import use_free_threads

worker_class = "gthread"
threads = SERVER_THREADS
# The portal has no use for gunicorn's control socket, whose one path per user would clash between two servers.
control_socket_disable = True


def on_starting(server):
    """Stop before binding when several processes would each keep their own cache (see check_processes)."""
    try:
        check_processes(server.cfg.workers)
    except ConfigError as error:
        print(f"Refusing to start: {error}", file=sys.stderr, flush=True)
        sys.exit(3)


def post_worker_init(worker):
    """A worker with all its threads busy leaves new connections to the others (portal_site/web/gunicorn_worker.py)."""
    use_free_threads(worker)
