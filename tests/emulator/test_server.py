"""Running the emulator: state kept in a --data file across restarts, loopback only, concurrent clients."""

import pathlib
import subprocess
import sys
import threading
import tomllib
import uuid

import pytest
import stripe

import stripe_emulator
from stripe_emulator.__main__ import main
from stripe_emulator.testing import running_emulator


def client_for(base_url):
    return stripe.StripeClient("sk_test_server", base_addresses={"api": base_url}, max_network_retries=2)


def test_state_survives_a_restart_with_a_data_file(tmp_path):
    data_file = str(tmp_path / "emulator.json")
    with running_emulator(data_file=data_file) as base_url:
        product = client_for(base_url).v1.products.create(params={"name": "Kept"})
    with running_emulator(data_file=data_file) as base_url:
        client = client_for(base_url)
        assert client.v1.products.retrieve(product.id).name == "Kept"
        assert client.v1.events.list().data[0].type == "product.created"


def test_without_a_data_file_each_emulator_starts_empty():
    with running_emulator() as base_url:
        assert client_for(base_url).v1.products.list().data == []


@pytest.mark.parametrize("host", ["0.0.0.0", "localhost", "192.168.1.2"])
def test_the_command_line_refuses_to_bind_anything_but_loopback(host, capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--host", host, "--port", "0"])
    assert exited.value.code == 2
    assert "127.0.0.1 only" in capsys.readouterr().err


def test_concurrent_clients_each_get_their_object(stripe_client):
    created, errors = [], []

    def create(index):
        try:
            created.append(stripe_client.v1.customers.create(params={"email": f"c{index}@example.test"}).id)
        except stripe.StripeError as error:
            errors.append(error)

    threads = [threading.Thread(target=create, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    listed = stripe_client.v1.customers.list(params={"limit": 100}).data
    assert sorted(c.id for c in listed) == sorted(created)


def test_concurrent_retries_with_one_idempotency_key_create_one_object(stripe_client):
    key, ids = str(uuid.uuid4()), []

    def create():
        ids.append(stripe_client.v1.products.create(params={"name": "Once"},
                                                    options={"idempotency_key": key}).id)

    threads = [threading.Thread(target=create) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(ids) == 8 and len(set(ids)) == 1
    assert len(stripe_client.v1.products.list().data) == 1


def test_the_emulator_package_declares_every_subpackage_and_never_imports_the_portal():
    """`pip install ./stripe_emulator` ships what the app loads, and nothing of the portal."""
    root = pathlib.Path(stripe_emulator.__file__).parent
    setuptools = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    packages = {"stripe_emulator" + ("." + ".".join(p.parent.relative_to(root).parts) if p.parent != root else "")
                for p in root.rglob("__init__.py") if "build" not in p.parts}
    assert set(setuptools["packages"]) == packages
    loaded = subprocess.run([sys.executable, "-c", "import sys, stripe_emulator.app, stripe_emulator.resources as r; "
                             "r.load_all(); print(sorted(m for m in sys.modules if m.startswith('portal_site')))"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "[]"
