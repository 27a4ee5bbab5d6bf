"""``chemsex-toolkit serve``: the live preview."""

from __future__ import annotations

from pathlib import Path

import click

from chemsex_toolkit.cli._common import (
    content_option,
    display_root,
    resolve_content,
    templates_option,
)


@click.command()
@content_option
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but a loopback address shows the preview to the network.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the preview in a browser.")
@templates_option("Folder of templates overriding built-in ones by name, watched too.")
def serve(
    content_dir: Path | None, port: int, host: str, open_browser: bool, templates: Path | None
) -> None:
    """Preview the HTML pages and the Markdown of every locale, rebuilt as you save."""
    from chemsex_toolkit.preview import Preview
    from chemsex_toolkit.preview import serve as run

    root = resolve_content(content_dir)

    def ready(preview: Preview) -> None:
        click.echo(f"Previewing {display_root(root)} at {preview.url}", err=True)
        for path in preview.site.markdown_pages():
            click.echo(f"  Markdown: {preview.url}{path}", err=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(
                f"Warning: listening on {host}: other machines can see the preview.", err=True
            )
        if open_browser:
            import webbrowser

            webbrowser.open(preview.url)
        click.echo("Watching the content and templates; press Ctrl-C to stop.", err=True)

    try:
        run(root, host, port, templates, ready)
    except OSError as error:
        message = f"Cannot listen on {host}:{port}: {error.strerror or error}"
        raise click.ClickException(message) from None
    click.echo("Stopped.", err=True)
