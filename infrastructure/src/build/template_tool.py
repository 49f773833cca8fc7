"""Lints the SAM template and translates it to plain CloudFormation, for `./mvnw verify`.

    python3 template_tool.py lint TEMPLATE
    python3 template_tool.py translate TEMPLATE OUTPUT.json

Both need cfn-lint, which brings the SAM translator with it. Where this Python has no cfn-lint, a
private environment is made once in ~/.cache/mailflow/cfn-lint-venv (MAILFLOW_CFN_LINT_VENV to put
it elsewhere) and cfn-lint is installed there with pip; where cfn-lint is importable, as on the
project's build machines, nothing is installed.
"""

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

REQUIREMENT = "cfn-lint>=1.20,<2"

# cfn-lint exit codes are bit flags: 2 errors, 4 warnings, 8 informational. Informational findings
# never fail the build; errors and warnings do.
FAILING = 2 | 4

# The translation runs offline: the region is a stand-in, and the only managed policy the template
# gets from SAM (through every function's role) is given here instead of being looked up in IAM.
REGION = "eu-west-1"
MANAGED_POLICIES = {
    "AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
}
# SAM refuses a local CodeUri without `sam build`/`sam package`; the translation only needs a
# well-formed S3 location in its place, as cfn-lint does.
STAND_IN_CODE = "s3://mailflow-artifacts/function.zip"


def venv_directory():
    configured = os.environ.get("MAILFLOW_CFN_LINT_VENV", "").strip()
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "mailflow" / "cfn-lint-venv"


def ensure_cfn_lint():
    """Re-runs this script in the private environment when this Python cannot import cfn-lint."""
    try:
        import cfnlint  # noqa: F401
        import samtranslator  # noqa: F401
        return
    except ImportError:
        pass
    if os.environ.get("MAILFLOW_CFN_LINT_REEXEC"):
        sys.exit("cfn-lint is still not importable in " + sys.executable)
    directory = venv_directory()
    python = directory / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    if not python.exists():
        print(f"cfn-lint is not installed: installing {REQUIREMENT} into {directory}", file=sys.stderr)
        venv.create(directory, with_pip=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", REQUIREMENT], check=True)
    environment = dict(os.environ, MAILFLOW_CFN_LINT_REEXEC="1")
    sys.exit(subprocess.run([str(python), __file__, *sys.argv[1:]], env=environment).returncode)


def lint(template):
    from cfnlint.runner import main

    sys.argv = ["cfn-lint", "--format", "parseable", "--", template]
    try:
        code = main()
    except SystemExit as exit_:
        code = exit_.code
    code = int(code or 0)
    if code & FAILING:
        print(f"cfn-lint found errors or warnings in {template} (exit code {code})", file=sys.stderr)
        return 1
    print(f"cfn-lint: {template} passes", file=sys.stderr)
    return 0


def translate(template, output):
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse

    class ManagedPolicies:
        def load(self):
            return MANAGED_POLICIES

    os.environ.setdefault("AWS_DEFAULT_REGION", REGION)
    with open(template, encoding="utf-8") as source:
        document = yaml_parse(source.read())
    for resource in document.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = STAND_IN_CODE
    translated = transform(document, {}, ManagedPolicies())
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8") as target:
        json.dump(translated, target, indent=2, sort_keys=True)
    print(f"translated {template} to {output}", file=sys.stderr)
    return 0


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("lint", "translate"):
        sys.exit(__doc__)
    ensure_cfn_lint()
    if sys.argv[1] == "lint":
        return lint(sys.argv[2])
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    return translate(sys.argv[2], sys.argv[3])


if __name__ == "__main__":
    sys.exit(main())
