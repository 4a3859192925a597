"""Known vulnerabilities in every package installed in this virtualenv, from PyPI's advisory data.

`make audit` and `.ci/run`: exits 1 on a known vulnerability. When PyPI, or its per-version data, cannot
be reached it says so on one line and exits 0, so an outage of the advisory service never fails CI.
"""
import importlib.metadata
import json
import subprocess
import sys
import tempfile
import urllib.request

ADVISORIES = "https://pypi.org/pypi/pip-audit/json"


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
    if skipped:
        lines.append("Not audited (unknown to PyPI): " + ", ".join(sorted(dep["name"] for dep in skipped)))
    return 0, lines


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
        code, lines = verdict(json.loads(audit.stdout))
    except json.JSONDecodeError:
        if reachable():
            sys.exit(f"pip-audit failed:\n{audit.stderr}")
        code, lines = 0, ["Dependency audit skipped: PyPI stopped answering during the audit."]
    print("\n".join(lines), flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
