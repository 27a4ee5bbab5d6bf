"""``chemsex-toolkit check-links``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import click

from chemsex_toolkit.cli._common import (
    F,
    content_option,
    display_root,
    format_option,
    json_failure,
    on_terminal,
    resolve_content,
)

# The reporters that render link results (``reporting.formats("links")``), written out so that
# --help needs no import of the reporters.
FORMATS = ["text", "json", "github", "markdown", "junit"]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _duration(value: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([smhdw]?)", value.strip())
    if not match:
        raise click.BadParameter(f"'{value}' is not a duration such as 90s, 12h or 7d.")
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def _limit(
    flag: str, kind: click.FloatRange | click.IntRange, default: float, help: str | None = None
) -> Callable[[F], F]:
    """An option for one of the checker's ``Limits``."""
    return click.option(flag, type=kind, default=default, show_default=True, help=help)


@click.command()
@content_option
@format_option(FORMATS)
@_limit("--timeout", click.FloatRange(0.1, 300), 10.0, "Seconds to wait for one response.")
@click.option(
    "--cache",
    "cache_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path(".cache/chemsex-toolkit/links.json"),
    show_default=True,
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--max-age",
    default="7d",
    show_default=True,
    help="How long a good result stays in the cache (90s, 12h, 7d).",
)
@_limit("--concurrency", click.IntRange(1, 256), 16)
@_limit("--per-host", click.IntRange(1, 32), 2, "Requests at once to one host.")
@_limit("--min-gap", click.FloatRange(0, 60), 0.0, "Seconds between two requests to one host.")
@click.option("--exclude", "exclude", default=None, help="Skip URLs matching this regex.")
@click.option(
    "--only-changed",
    "only_changed",
    default=None,
    metavar="REF",
    help="Check only URLs on lines added or changed since git REF.",
)
@click.option("--offline", is_flag=True, help="Make no request: report from the cache only.")
@click.option(
    "--fix-redirects",
    is_flag=True,
    help="Rewrite permanently redirected URLs in the YAML to their new address.",
)
@click.option(
    "--allow-private",
    is_flag=True,
    help="Also check URLs on loopback and private addresses (an intranet); cloud metadata and "
    "other link-local addresses never.",
)
def check_links(
    content_dir: Path | None,
    output_format: str,
    timeout: float,
    cache_file: Path,
    no_cache: bool,
    max_age: str,
    concurrency: int,
    per_host: int,
    min_gap: float,
    exclude: str | None,
    only_changed: str | None,
    offline: bool,
    fix_redirects: bool,
    allow_private: bool,
) -> None:
    """Check every URL the content cites.

    Exit 0 when no link is broken, 1 when some are, 2 for usage errors, 3 when nothing could be
    reached at all (no network): that is not reported as broken links.
    """
    import chemsex_toolkit
    from chemsex_toolkit import AddressPolicy, LinkLimits, LinkOptions, LinkOutcome
    from chemsex_toolkit.errors import CheckFailed, ContentError, NoNetworkError
    from chemsex_toolkit.reporting import reporter
    from chemsex_toolkit.reporting.subjects import links_summary
    from chemsex_toolkit.reporting.text import printable as p

    try:
        root = resolve_content(content_dir, writes=fix_redirects)
    except click.ClickException as error:
        if output_format == "json":  # a tool that asked for JSON gets JSON whatever happens
            json_failure(error)
        raise
    try:
        pattern = re.compile(exclude) if exclude else None
    except re.error as error:
        message = f"not a regular expression: {error}"
        raise click.BadParameter(message, param_hint="--exclude") from error
    options = LinkOptions(
        limits=LinkLimits(
            concurrency=concurrency, per_host=per_host, min_gap=min_gap, timeout=timeout
        ),
        cache=None if no_cache else cache_file,
        max_age_ok=_duration(max_age),
        exclude=pattern,
        only_changed=only_changed,
        offline=offline,
        policy=AddressPolicy(allow_private=allow_private),
    )

    def progress(done: int, total: int) -> None:
        click.echo(f"\rchecked {done}/{total}", nl=done >= total, err=True)

    try:
        report = chemsex_toolkit.check_links(
            root, options=options, progress=progress if on_terminal() else None
        )
    except ContentError as error:
        if output_format == "json":  # the findings that stop the check, as JSON
            click.echo(reporter("json").findings(error.findings, display_root(root)), nl=False)
        raise
    shown = display_root(root)
    # A tool that asked for JSON gets a JSON document whatever happens: the results,
    # unreachable ones included, before the exit code says there was no network.
    if report.no_network and output_format in ("json", "junit"):
        click.echo(reporter(output_format).links(report, shown), nl=False)
    if report.no_network:
        checked = sum(1 for r in report.results.values() if r.network_error)
        raise NoNetworkError(
            f"Could not check links: none of the {checked} URL(s) could be reached "
            "(no DNS or no route to any host). Is this machine offline?"
        )
    click.echo(reporter(output_format).links(report, shown), nl=False)
    if output_format == "github":
        click.echo(links_summary(report), err=True)
    if fix_redirects:
        fixed = chemsex_toolkit.fix_redirects(report, root)
        for change in fixed.changes:
            click.echo(
                f"fixed {p(shown)}/{p(change.file)}:{change.line}: "
                f"{p(change.old)} -> {p(change.new)}",
                err=True,
            )
        for refusal in fixed.refusals:
            click.echo(
                f"not fixed {p(shown)}/{p(refusal.file)}:{refusal.line}: {p(refusal.old)} -> "
                f"{p(refusal.new)}: {refusal.reason}",
                err=True,
            )
    if report.count(LinkOutcome.BROKEN):
        raise CheckFailed()
