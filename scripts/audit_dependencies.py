"""`make audit` (issue 13, item 7): pip-audit over the packages installed in this
environment, and a plain verdict, never a pass that was not earned.

Exit status: 0 when every package was checked and none has a known vulnerability;
1 when one has; 2 when the vulnerability data could not be reached, or not for
every package (pip-audit itself reports "No known vulnerabilities found" when it
could check none of them). Arguments go on to pip-audit, such as `-s osv`.
"""

import json
import subprocess
import sys

CLEAN, VULNERABLE, NOT_CHECKED = 0, 1, 2
EDITABLE = "distribution marked as editable"  # pip-audit's words for --skip-editable
SHOWN = 5  # packages named when many could not be checked


def verdict(report: dict) -> tuple[int, list[str]]:
    """The exit status and the lines to print for a pip-audit JSON report."""
    # The project itself, installed editable, is not published: nothing to look up.
    packages = [p for p in report.get("dependencies", []) if p.get("skip_reason") != EDITABLE]
    skipped = [p for p in packages if "skip_reason" in p]
    checked = [p for p in packages if "skip_reason" not in p]
    vulnerable = [p for p in checked if p.get("vulns")]
    lines = []
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
            lines.append(f"{package['name']} {package['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        lines.insert(0, f"Known vulnerabilities in {len(vulnerable)} of {len(checked)} packages:")
    if skipped:
        lines.append(
            f"Could not check {len(skipped)} of {len(packages)} packages: "
            "their vulnerability data could not be reached or was not found."
        )
        lines += [f"  {p['name']}: {p['skip_reason']}" for p in skipped[:SHOWN]]
        if len(skipped) > SHOWN:
            lines.append(f"  and {len(skipped) - SHOWN} more")
    if vulnerable:
        return VULNERABLE, lines
    if skipped or not checked:
        lines.append("NOT CHECKED: this is not a clean audit.")
        return NOT_CHECKED, lines
    return CLEAN, [f"No known vulnerabilities in {len(checked)} packages."]


def main(arguments: list[str]) -> int:
    command = [sys.executable, "-m", "pip_audit", "--local", "--skip-editable"]
    command += ["--format", "json", "--progress-spinner", "off", *arguments]
    done = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        errors = done.stderr.strip().splitlines()
        print(
            "NOT CHECKED: pip-audit could not reach the vulnerability data, or did not run.",
            file=sys.stderr,
        )
        if errors:
            print(f"  pip-audit said: {errors[-1]}", file=sys.stderr)
        return NOT_CHECKED
    status, lines = verdict(report)
    print("\n".join(lines), file=sys.stdout if status == CLEAN else sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
