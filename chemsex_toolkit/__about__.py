"""The package version, kept apart so the build backend can read it without importing anything."""

__version__ = "0.1.0"
