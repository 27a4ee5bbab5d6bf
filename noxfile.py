"""Sessions: `nox` runs tests, lint, types and content validation; `nox -s NAME` runs one."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.sessions = ["lint", "types", "validate", "version", "tests"]
nox.options.reuse_existing_virtualenvs = True

# Sessions run on the Python that runs nox, whichever 3.11-3.13 that is; pick another with
# `nox --force-python 3.13`.
PYTHON = None
LINT_PATHS = [
    "chemsex_toolkit",
    "exporters",
    "chemsex_toolkit_exporters",
    "hatch_build.py",
    "tests",
    "benchmarks",
    "examples",
    "scripts",
    "noxfile.py",
]


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Every test: unit, CLI, browser (Chromium), link checker, wheel install; on every core,
    the tests that would fight (wheel, servers) each group on one worker, each browser test file
    on one worker (the groups are set in tests/conftest.py)."""
    session.install(".[test]")
    session.run("pytest", "-n", "auto", "--dist", "loadgroup", *session.posargs)


@nox.session(python=PYTHON, reuse_venv=True)
def golden(session: nox.Session) -> None:
    """Rewrite the golden files (and the examples the docs include from files) from what the
    code produces now; review the result with `git diff` before committing it."""
    session.install("-e", ".[test]")
    session.run("pytest", "-q", "-p", "no:cacheprovider", "-m", "golden", "--update-golden")


@nox.session(python=PYTHON, reuse_venv=True)
def quick(session: nox.Session) -> None:
    """For contributors, before each commit: lint and the fast tests, which need neither
    Chromium nor a wheel, on every core (about 1.5 minutes on two busy cores). Rerun with
    `nox -Rs quick` to skip the install step."""
    session.install("-e", ".[test]", "ruff>=0.17,<0.18", "yamllint>=1.35")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("yamllint", "--strict", ".")
    session.run(
        "pytest",
        "-q",
        "-x",
        "-p",
        "no:cacheprovider",
        "-n",
        "auto",
        "--dist",
        "loadgroup",
        "-m",
        "not browser and not slow",
        *session.posargs,
    )


# Coverage the quick set must keep: the address policy is the link checker's guard against
# requests into internal networks, and the translators' workflow writes files people edit.
COVERAGE_FLOORS = {"chemsex_toolkit/links/address.py": 85, "chemsex_toolkit/i18n/workflow.py": 85}
# What pyright checks besides the package and the exporters: code that imports the exporters'
# package by name, as the wheel ships it.
PYRIGHT_IMPORTERS = [
    "tests/exporting/test_registry.py",
    "tests/exporting/test_build.py",
    "tests/test_portability.py",
    "tests/packaging/test_wheel.py",
]


@nox.session(python=PYTHON, reuse_venv=True)
def coverage(session: nox.Session) -> None:
    """The fast tests with coverage of the package and the exporters as they ship; fails when a
    module of COVERAGE_FLOORS falls below its floor."""
    session.install("-e", ".[test]")
    report = Path(session.create_tmp()) / "coverage.json"
    session.run(
        "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto", "--dist", "loadgroup",
        "-m", "not browser and not slow", "--cov", f"--cov-report=json:{report}",
        "--cov-report=term", *session.posargs,
    )  # fmt: skip
    files = json.loads(report.read_text(encoding="utf-8"))["files"]
    for path, floor in COVERAGE_FLOORS.items():
        percent = files[path]["summary"]["percent_covered"] if path in files else 0.0
        if percent < floor:
            session.error(f"{path}: {percent:.0f} % covered by the fast tests, below {floor} %")


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff: lint rules, import order and formatting; yamllint: YAML every reader reads the
    same way."""
    # ruff's formatter changes its style between minor versions: pinned to one, so a new
    # release never fails the format check of code nobody touched.
    session.install("ruff>=0.17,<0.18", "yamllint>=1.35")
    session.run("ruff", "check", *LINT_PATHS)
    session.run("ruff", "format", "--check", *LINT_PATHS)
    session.run("yamllint", "--strict", ".")


@nox.session(python=PYTHON)
def types(session: nox.Session) -> None:
    """mypy --strict and pyright on the package and the built-in exporters."""
    session.install(
        ".[all]",
        "mypy>=1.10",
        "types-requests",
        "types-jsonschema",
        "types-PyYAML",
        # The test files pyright reads import pytest.
        "pytest>=8",
        # The wheel carries pyright itself and [nodejs] a Node.js to run it: nothing is
        # downloaded when it runs.
        "pyright[nodejs]>=1.1.400",
    )
    session.run("mypy")
    typings = Path("build/typings/chemsex_toolkit_exporters")
    shutil.rmtree(typings, ignore_errors=True)
    shutil.copytree("exporters", typings, ignore=shutil.ignore_patterns("__pycache__"))
    session.run("pyright", "chemsex_toolkit", "exporters", *PYRIGHT_IMPORTERS)


@nox.session(python=PYTHON)
def validate(session: nox.Session) -> None:
    """Validate the bundled content as CI would on a pull request."""
    session.install(".")
    session.run("chemsex-toolkit", "validate")


@nox.session(python=PYTHON)
def schemas(session: nox.Session) -> None:
    """Regenerate the content schemas from the models (commit the result)."""
    session.install(".")
    session.run("python", "-m", "chemsex_toolkit.schema")


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build every export of the bundled content into dist/."""
    session.install(".")
    session.run("chemsex-toolkit", "build", *session.posargs)


@nox.session(python=PYTHON)
def fuzz(session: nox.Session) -> None:
    """Coverage-guided fuzzing of reading and validating content (atheris), for 60 s or as
    the libFuzzer options given after --. Crashes land in tests/fuzz/crashes/."""
    session.install(".", "atheris>=2.3")
    corpus = Path(session.create_tmp()) / "fuzz-corpus"
    corpus.mkdir(exist_ok=True)
    Path("tests/fuzz/crashes").mkdir(exist_ok=True)
    options = session.posargs or ["-max_total_time=60"]
    session.run(
        "python",
        "tests/fuzz/fuzz_content.py",
        *options,
        "-artifact_prefix=tests/fuzz/crashes/",
        str(corpus),
        "tests/fuzz/seeds",
    )


@nox.session(python=PYTHON)
def version(session: nox.Session) -> None:
    """Fail when the content version is lower than its changes since the last release need."""
    tag = subprocess.run(
        ["git", "describe", "--tags", "--abbrev=0", "--match", "v*"],
        capture_output=True,
        text=True,
    )
    if tag.returncode != 0:
        session.log("No release tag yet: nothing to compare the version with.")
        return
    session.install(".")
    session.run("chemsex-toolkit", "diff", tag.stdout.strip(), "content", "--check-version")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Performance suite against check-jsonschema and mkdocs, then the PDF, XLSX and serve
    benchmark, the HTML pages in Chromium, the hostile-input limits, the answers files, then the
    network report; see benchmarks/README.md. `nox -s bench -- suite ...` (or `formats`,
    `pages`, `limits`, `answers`, `report`) runs one of them with options of its own; other
    arguments go to all."""
    session.install(".[all]", "check-jsonschema", "mkdocs", "playwright>=1.45")
    scripts = {
        "suite": "benchmarks/suite.py",
        "formats": "benchmarks/formats.py",
        "pages": "benchmarks/pages.py",
        "limits": "benchmarks/limits.py",
        "answers": "benchmarks/answers.py",
        "report": "benchmarks/report.py",
    }
    args = list(session.posargs)
    chosen = [args.pop(0)] if args and args[0] in scripts else list(scripts)
    for name in chosen:
        session.run("python", scripts[name], *args)


@nox.session(python=PYTHON)
def screenshots(session: nox.Session) -> None:
    """Screenshots of the self-assessment on a phone, a desktop and paper, into docs/images/
    for the README (Chromium from the PATH, or its path as the argument)."""
    session.install(".[test]")
    session.run("python", "docs/screenshots.py", *session.posargs)
