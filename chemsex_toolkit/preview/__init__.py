"""A live preview for editors and translators: ``chemsex-toolkit serve``.

The HTML pages and the Markdown export (rendered as HTML) of every locale are served from
memory; the content and the templates are watched, and a save rebuilds the pages it touches and
reloads the open ones. Findings appear in the page instead of stopping the preview.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from chemsex_toolkit.preview.server import PreviewServer
from chemsex_toolkit.preview.site import PreviewSite
from chemsex_toolkit.preview.watch import Watcher, WatchError

# How long a rebuild waits for the reloaded page to be served before it validates anyway:
# validation holds the interpreter for a while and should not slow the reload down.
VALIDATE_AFTER = 2.0
# Seconds between the main thread's checks for Ctrl-C while the preview runs.
SIGNAL_CHECK = 0.2


class Preview:
    """A running preview: server, watcher and validator. ``start()`` then ``stop()``, or use
    it as a context manager; ``serve_forever()`` blocks until Ctrl-C."""

    def __init__(
        self,
        content: Path,
        host: str = "127.0.0.1",
        port: int = 8000,
        templates: Path | None = None,
    ) -> None:
        self.site = PreviewSite(content, templates)
        self.server = PreviewServer((host, port), self.site)
        self._stop = threading.Event()
        self._changed = threading.Event()
        self._watcher: Watcher | None = None
        self._threads = [
            threading.Thread(target=self._watch, name="preview-watch", daemon=True),
            threading.Thread(target=self._validate, name="preview-validate", daemon=True),
            threading.Thread(target=self.server.serve_forever, name="preview-http", daemon=True),
        ]

    @property
    def url(self) -> str:
        return self.server.url

    def start(self) -> Preview:
        """Serve, watch and validate; a file saved once this returns is seen."""
        try:
            self._watcher = Watcher(self.site.watched(), self._stop)
        except WatchError:
            self.server.server_close()
            raise
        self._changed.set()  # validate the content as found
        for thread in self._threads:
            thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._changed.set()
        self.server.served.set()
        self.site.cancel_validation()
        self.server.events.close()
        self.server.shutdown()
        self.server.server_close()
        for thread in self._threads:
            if thread.is_alive() and thread is not threading.current_thread():
                thread.join(timeout=5)

    def __enter__(self) -> Preview:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wait(self) -> None:
        """Block until ``stop()`` (from another thread) or Ctrl-C."""
        # Woken now and then: the kernel may hand Ctrl-C's signal to any thread (the watcher's
        # native one included), and Python runs its handler only when the main thread wakes.
        while not self._stop.wait(SIGNAL_CHECK):
            pass

    def _watch(self) -> None:
        assert self._watcher is not None
        try:
            for paths in self._watcher.batches():
                touched = self.site.apply(paths)
                if touched.anything:
                    self.server.served.clear()
                    self.server.events.send("reload")
                else:
                    self.server.events.send("findings")
                self._changed.set()
        except RuntimeError as error:  # the native watcher failed on the way
            self.site.watch_problem = f"Saves are no longer seen ({error}): restart the preview."
            self.server.events.send("findings")

    def _validate(self) -> None:
        while not self._stop.is_set():
            self._changed.wait()
            if self._stop.is_set():
                return
            self._changed.clear()
            self.server.served.wait(VALIDATE_AFTER)
            if self._stop.is_set():
                return
            self.site.validate()
            # Sent after every run: the pages refresh their findings, and whoever waits for
            # the preview to settle knows it has.
            self.server.events.send("findings")


def serve(
    content: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    templates: Path | None = None,
    ready: Callable[[Preview], None] | None = None,
) -> None:
    """Serve the preview of ``content`` until Ctrl-C; ``ready`` is called once it listens."""
    preview = Preview(content, host, port, templates).start()
    try:
        if ready is not None:
            ready(preview)
        preview.wait()
    except KeyboardInterrupt:
        pass
    finally:
        preview.stop()


__all__ = ["Preview", "PreviewSite", "WatchError", "serve"]
