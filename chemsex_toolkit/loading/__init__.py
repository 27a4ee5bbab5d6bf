"""Loading: YAML files to documents with source positions, then to typed models."""

from chemsex_toolkit.loading.content import Content, FileCache, Origin, load_content
from chemsex_toolkit.loading.yamlio import Document, read_yaml

__all__ = ["Content", "Document", "FileCache", "Origin", "load_content", "read_yaml"]
