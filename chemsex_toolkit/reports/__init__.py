"""The built-in network reports, one self-contained folder each (``html``, ``xlsx``, ``json``).

The layout rule: a report's folder holds everything it renders with (templates, style) and
imports only the report protocol and figures (``chemsex_toolkit.network``) and ``OutputFile``,
as a network's own report in another distribution would. Each registers in the entry point
group ``chemsex_toolkit.reports`` under its folder's name."""
