"""The dependency audit fails on a known vulnerability and says plainly when it could not look."""
from scripts.audit import NOT_LATEST, from_project_page, installed, verdict


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
                     "Not audited (Dependency not found on PyPI): private-thing"]


def test_every_installed_package_is_audited_at_its_version():
    pins = installed()
    assert any(pin.lower().startswith("flask==") for pin in pins)
    assert all("==" in pin for pin in pins)


def test_a_pin_at_the_latest_release_is_judged_by_the_advisories_on_its_project_page():
    page = {"info": {"version": "3.1.2"}, "vulnerabilities": [
        {"id": "GHSA-h5c8-rqwp-cp95", "fixed_in": ["3.1.3"], "aliases": ["CVE-2024-22195"], "source": "osv"}]}
    code, lines = verdict({"dependencies": [from_project_page("jinja2==3.1.2", page)], "fixes": []})
    assert (code, lines) == (1, ["Known vulnerability: jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)"])


def test_an_older_pin_is_named_as_not_audited_rather_than_passed():
    entries = [from_project_page("flask==3.1.3", {"info": {"version": "3.1.3"}, "vulnerabilities": []}),
               from_project_page("babel==2.17.0", {"info": {"version": "2.18.0"}, "vulnerabilities": []})]
    assert entries[1] == {"name": "babel", "skip_reason": NOT_LATEST}
    assert verdict({"dependencies": entries, "fixes": []}) == (0, [
        "Dependency audit: 1 packages, no known vulnerabilities.", f"Not audited ({NOT_LATEST}): babel"])
