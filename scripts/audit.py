"""Known vulnerabilities in every package installed in this virtualenv, from PyPI's advisory data.

`make audit` and `.ci/run`: exits 1 on a known vulnerability. When PyPI, or its per-version data, cannot
be reached it says so on one line and exits 0, so an outage of the advisory service never fails CI.
Where PyPI's per-version pages are out of reach but its project pages are not (some networks let only
those through), each package pinned at its latest release is audited from its project page, which carries
the latest release's advisories; the others are named as not audited.
"""
import importlib.metadata
import json
import subprocess
import sys
import tempfile
import urllib.request
from concurrent.futures import ThreadPoolExecutor

ADVISORIES = "https://pypi.org/pypi/pip-audit/json"
PROJECT = "https://pypi.org/pypi/{name}/json"
NOT_LATEST = "not its latest release, and PyPI's per-version data is out of reach"


def installed():
    """`name==version` of every distribution in this environment: the pins and what they pulled in."""
    return sorted({f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()},
                  key=str.lower)


def reachable():
    try:
        with urllib.request.urlopen(ADVISORIES, timeout=15):
            return True
    except OSError:
        return False


def verdict(report):
    """(exit code, lines to print) for pip-audit's JSON report."""
    dependencies = report["dependencies"]
    vulnerable = [dep for dep in dependencies if dep.get("vulns")]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    if vulnerable:
        return 1, [f"Known vulnerability: {dep['name']} {dep['version']}: {vuln['id']}"
                   f" (fixed in {', '.join(vuln['fix_versions']) or 'no release yet'})"
                   for dep in vulnerable for vuln in dep["vulns"]]
    if skipped and len(skipped) == len(dependencies):
        return 0, [f"Dependency audit skipped: PyPI answered for none of the {len(dependencies)} installed "
                   "versions (its per-version advisory data is not reachable from here)."]
    lines = [f"Dependency audit: {len(dependencies) - len(skipped)} packages, no known vulnerabilities."]
    reasons = sorted({dep["skip_reason"] for dep in skipped})
    lines.extend(f"Not audited ({reason}): " + ", ".join(sorted(dep["name"] for dep in skipped
                                                             if dep["skip_reason"] == reason))
                 for reason in reasons)
    return 0, lines


def from_project_page(pin, page):
    """pip-audit's entry for `pin` (name==version) from PyPI's project page `page` (its JSON), or None."""
    name, version = pin.split("==")
    if page is None:
        return None
    if page["info"]["version"] != version:
        return {"name": name, "skip_reason": NOT_LATEST}
    return {"name": name, "version": version,
            "vulns": [{"id": vuln["id"], "fix_versions": vuln.get("fixed_in") or []}
                      for vuln in page.get("vulnerabilities") or []]}


def project_page(pin):
    try:
        with urllib.request.urlopen(PROJECT.format(name=pin.split("==")[0]), timeout=15) as answer:
            return json.load(answer)
    except (OSError, ValueError):
        return None


def latest_releases_report(pins):
    """A report in pip-audit's shape from the project pages, or None when they are out of reach too."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        entries = [from_project_page(pin, page) for pin, page in zip(pins, pool.map(project_page, pins), strict=True)]
    if all(entry is None for entry in entries):
        return None
    return {"dependencies": [entry for entry in entries if entry is not None], "fixes": []}


def main():
    if not reachable():
        print("Dependency audit skipped: PyPI's advisory data could not be reached.", flush=True)
        return 0
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as pins:
        pins.write("\n".join(installed()) + "\n")
        pins.flush()
        audit = subprocess.run([sys.executable, "-m", "pip_audit", "--vulnerability-service", "pypi",
                                "--disable-pip", "--no-deps", "--progress-spinner", "off", "--format", "json",
                                "-r", pins.name], capture_output=True, text=True)
    try:
        report = json.loads(audit.stdout)
        if all("skip_reason" in dep for dep in report["dependencies"]):
            report = latest_releases_report(installed()) or report
        code, lines = verdict(report)
    except json.JSONDecodeError:
        if reachable():
            sys.exit(f"pip-audit failed:\n{audit.stderr}")
        code, lines = 0, ["Dependency audit skipped: PyPI stopped answering during the audit."]
    print("\n".join(lines), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
