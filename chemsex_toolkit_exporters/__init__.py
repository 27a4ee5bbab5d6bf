"""The built-in exporters, as seen from a source checkout.

They live in the repository's top-level ``exporters/`` folder, one self-contained folder per
exporter. This small package points its import path there, so that a checkout (and an editable
install of it) runs the files being edited, on every operating system: a symbolic link would not
survive a clone on Windows. The wheel carries the exporters themselves under this package's name
(see ``hatch_build.py``), and this file is not in it.
"""

from pathlib import Path

__path__ = [str(Path(__file__).resolve().parent.parent / "exporters")]
