"""The built-in exporters, installed as the package ``chemsex_toolkit_exporters``.

Each exporter is one self-contained folder: its Python code (``__init__.py``) beside its templates
and assets. They are registered by entry point in ``pyproject.toml`` exactly as a third party's
exporter would be, and they use only the public engine in ``chemsex_toolkit.exporting``.
"""
