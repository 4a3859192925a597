"""The per-customer cache: entries from another version of the billing code are never read."""
import pickle

from portal_site.storage import cache


def test_a_deploy_that_changes_the_billing_code_reads_stripe_afresh(app):
    loads = []

    def loader():
        loads.append(1)
        return {"n": len(loads)}

    with app.test_request_context():
        assert cache.get_or_load("cus_1", "panel", loader) == {"n": 1}
        assert cache.get_or_load("cus_1", "panel", loader) == {"n": 1}
        app.extensions["portal_cache_code"] = "newer-code"
        assert cache.get_or_load("cus_1", "panel", loader) == {"n": 2}


def test_the_code_version_is_the_same_for_every_worker_of_one_deploy():
    assert cache.code_version() == cache.code_version()
    assert len(cache.code_version()) == 12


def test_the_code_version_is_a_digest_of_the_billing_gateway_source(monkeypatch, tmp_path):
    assert (cache.BILLING_SOURCE / "subscriptions.py").is_file()
    deployed = cache.code_version()
    reshaped = tmp_path / "billing"
    reshaped.mkdir()
    for path in cache.BILLING_SOURCE.glob("*.py"):
        (reshaped / path.name).write_bytes(path.read_bytes())
    (reshaped / "subscriptions.py").write_text("# a deploy that reshapes the cached dataclasses\n", "utf-8")
    monkeypatch.setattr(cache, "BILLING_SOURCE", reshaped)
    assert cache.code_version() != deployed


class Payload:
    ran = []

    def __reduce__(self):
        return (Payload.ran.append, ("unpickled",))


def test_an_entry_written_by_someone_else_is_never_unpickled(app):
    backend = cache.MemoryBackend()
    app.extensions["portal_cache"] = backend
    with app.test_request_context():
        assert cache.get_or_load("cus_1", "panel", lambda: "from stripe") == "from stripe"
        (key,) = [key for key in backend._data if key.endswith(":panel")]
        backend.set(key, pickle.dumps(Payload()), 60)
        assert cache.get_or_load("cus_1", "panel", lambda: "read again") == "read again"
    assert Payload.ran == []


def test_peek_many_reads_what_is_held_without_loading_and_never_unpickles_a_forgery(app):
    backend = cache.MemoryBackend()
    app.extensions["portal_cache"] = backend
    with app.test_request_context():
        cache.get_or_load("cus_1", "details", lambda: {"name": "Ada"})
        cache.get_or_load("cus_1", "cards", lambda: None)
        (key,) = [key for key in backend._data if key.endswith(":cards")]
        backend.set(key, pickle.dumps(Payload()), 60)
        found = cache.peek_many("cus_1", ["details", "cards", "due"])
        assert found == {"details": {"name": "Ada"}, "cards": cache.MISSING, "due": cache.MISSING}
        cache.invalidate("cus_1")
        assert cache.peek_many("cus_1", ["details"]) == {"details": cache.MISSING}
    assert Payload.ran == []
