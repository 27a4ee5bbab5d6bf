"""Build step: the wheel ships the top-level ``exporters/`` folder as ``chemsex_toolkit_exporters``.

Only a regular wheel gets the copy. An editable install leaves it out, so that the package of that
name in the checkout (which points at ``exporters/``) is the one imported and edits take effect.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ExportersBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"]["exporters"] = "chemsex_toolkit_exporters"
