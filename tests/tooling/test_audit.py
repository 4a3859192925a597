"""The dependency audit fails on a known vulnerability and says plainly when it could not look."""
from scripts.audit import installed, verdict


def test_a_known_vulnerability_fails_the_audit_naming_the_package_and_the_fix():
    code, lines = verdict({"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "jinja2", "version": "3.1.2", "vulns": [{"id": "GHSA-h5c8-rqwp-cp95", "fix_versions": ["3.1.3"]}]},
    ], "fixes": []})
    assert code == 1
    assert lines == ["Known vulnerability: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)"]


def test_no_advisory_data_for_any_version_is_a_skip_that_says_so():
    code, lines = verdict({"dependencies": [{"name": "flask", "skip_reason": "Dependency not found on PyPI"}],
                           "fixes": []})
    assert code == 0 and lines[0].startswith("Dependency audit skipped:")


def test_a_clean_audit_counts_what_it_checked_and_names_what_it_could_not():
    code, lines = verdict({"dependencies": [
        {"name": "flask", "version": "3.1.3", "vulns": []},
        {"name": "private-thing", "skip_reason": "Dependency not found on PyPI"},
    ], "fixes": []})
    assert code == 0
    assert lines == ["Dependency audit: 1 packages, no known vulnerabilities.",
                     "Not audited (unknown to PyPI): private-thing"]


def test_every_installed_package_is_audited_at_its_version():
    pins = installed()
    assert any(pin.lower().startswith("flask==") for pin in pins)
    assert all("==" in pin for pin in pins)
