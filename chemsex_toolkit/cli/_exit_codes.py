"""What each command's exit code means, shown at the end of its --help."""

from __future__ import annotations

import click

USAGE = "usage error: an unknown option, format or locale, a missing folder"
READ_WRITE = "a file could not be read or written (one line says which)"

EXIT_CODES: dict[str, list[str]] = {
    "validate": [
        "no errors (warnings allowed unless --strict)",
        f"findings that fail, or {READ_WRITE}",
        USAGE,
    ],
    "build": [
        "every format written",
        f"the content has errors (nothing is written), an exporter failed, or {READ_WRITE}",
        f"{USAGE}, or an output folder inside the content",
    ],
    "exporters": ["listed", READ_WRITE, USAGE],
    "check-links": [
        "no link is broken",
        "some link is broken, or the content has errors",
        USAGE,
        "no network: no URL could be reached, so nothing was checked",
    ],
    "diff": [
        "compared (with --check-version: the version is high enough)",
        "the version is lower than the changes need, or either side has content errors",
        f"{USAGE}, or neither a folder nor a git ref",
    ],
    "schema": ["printed or written", READ_WRITE, f"{USAGE}, or no schema of that name"],
    "serve": ["stopped with Ctrl-C", "could not serve (the port is taken, say)", USAGE],
    "i18n": ["done", "the source content has errors", USAGE],
    "i18n init": ["created", "the source content has errors", f"{USAGE}, or the locale exists"],
    "i18n status": [
        "listed (every locale at least --min-percent)",
        "a locale is below --min-percent, or the source content has errors",
        USAGE,
    ],
    "i18n update": ["up to date", "the source content has errors", USAGE],
    "i18n export": ["written", "the source content has errors", USAGE],
    "answers": ["done", f"an answers file cannot be used, or {READ_WRITE}", USAGE],
    "answers validate": [
        "no errors (warnings allowed unless --strict)",
        f"findings that fail, or {READ_WRITE}",
        USAGE,
    ],
    "answers merge": [
        "merged (disagreements are listed, not a failure)",
        f"a file cannot be used (nothing written), or {READ_WRITE}",
        f"{USAGE}, or files of different toolkits",
    ],
    "answers compare": ["compared", f"a file cannot be used, or {READ_WRITE}", USAGE],
    "answers import": [
        "written",
        f"the file cannot be used (nothing written; the findings say where), or {READ_WRITE}",
        USAGE,
    ],
    "report": [
        "written (files that cannot be used are listed and left out)",
        f"no file can be used, or with --strict one cannot (nothing written), or {READ_WRITE}",
        f"{USAGE}, or --anonymise without a salt",
    ],
    "i18n import": [
        "imported",
        "the source content has errors",
        f"{USAGE}, or the PO file was refused (nothing written; the message says why)",
    ],
}


def epilog(name: str) -> str:
    """The exit codes of command ``name`` as a --help section (kept as written by click)."""
    lines = [f"  {code}  {meaning}" for code, meaning in enumerate(EXIT_CODES[name])]
    return "\b\nExit codes:\n" + "\n".join(lines)


def document(command: click.Command, name: str) -> None:
    """Add the exit codes to ``command``'s help, and to its subcommands'."""
    if name in EXIT_CODES and not command.epilog:
        command.epilog = epilog(name)
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            document(sub, f"{name} {sub_name}")
