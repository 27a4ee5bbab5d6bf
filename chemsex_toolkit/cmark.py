"""CommonMark to HTML by cmark-gfm, the reference parser in C, through the library that the
cmarkgfm wheel ships.

cmarkgfm's own Python wrapper never frees the document tree nor the HTML buffer it gets from
the library (cmark's documentation leaves both to the caller): about 5 KB lost per call, 100 MB
over a large build. So the few library functions needed are called here directly, and every
allocation is released.
"""

from __future__ import annotations

import ctypes
from functools import cache


class _Allocator(ctypes.Structure):
    """cmark's ``cmark_mem``: the calloc, realloc and free it allocates with."""

    _fields_ = [
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


class _Library:
    def __init__(self) -> None:
        # The compiled extension module, which has no stubs a type checker could read.
        from cmarkgfm import _cmark  # pyright: ignore[reportAttributeAccessIssue]

        lib = ctypes.CDLL(_cmark.__file__)
        pointer = ctypes.c_void_p
        signatures: dict[str, tuple[type | None, list[type]]] = {
            "cmark_gfm_core_extensions_ensure_registered": (None, []),
            "cmark_find_syntax_extension": (pointer, [ctypes.c_char_p]),
            "cmark_parser_new": (pointer, [ctypes.c_int]),
            "cmark_parser_attach_syntax_extension": (ctypes.c_int, [pointer, pointer]),
            "cmark_parser_feed": (None, [pointer, ctypes.c_char_p, ctypes.c_size_t]),
            "cmark_parser_finish": (pointer, [pointer]),
            "cmark_parser_get_syntax_extensions": (pointer, [pointer]),
            "cmark_render_html": (pointer, [pointer, ctypes.c_int, pointer]),
            "cmark_node_free": (None, [pointer]),
            "cmark_parser_free": (None, [pointer]),
        }
        for name, (restype, argtypes) in signatures.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        # The HTML buffer goes back to the allocator that made it: cmark's default one, asked
        # of the library itself (on Windows the C library cannot be looked up by name alone).
        lib.cmark_get_default_mem_allocator.restype = ctypes.POINTER(_Allocator)
        lib.cmark_get_default_mem_allocator.argtypes = []
        self.free = lib.cmark_get_default_mem_allocator().contents.free
        lib.cmark_gfm_core_extensions_ensure_registered()
        self.table = lib.cmark_find_syntax_extension(b"table")
        if not self.table:
            raise RuntimeError("cmark-gfm has no table extension")
        self.lib = lib


@cache
def _library() -> _Library:
    return _Library()


# cmark's CMARK_OPT_SOURCEPOS: each block element says where it stands in the source.
_SOURCEPOS = 1 << 1


def to_html(markdown: str, *, sourcepos: bool = False) -> str:
    """CommonMark with tables as HTML, in cmark's safe mode: raw HTML omitted, ``javascript:``
    and similar link targets emptied. With ``sourcepos`` each block element carries
    ``data-sourcepos="line:column-line:column"``, where it stands in ``markdown``."""
    library = _library()
    lib = library.lib
    data = markdown.encode("utf-8")
    parser = lib.cmark_parser_new(0)
    try:
        lib.cmark_parser_attach_syntax_extension(parser, library.table)
        lib.cmark_parser_feed(parser, data, len(data))
        root = lib.cmark_parser_finish(parser)
        try:
            extensions = lib.cmark_parser_get_syntax_extensions(parser)
            buffer = lib.cmark_render_html(root, _SOURCEPOS if sourcepos else 0, extensions)
            try:
                return ctypes.string_at(buffer).decode("utf-8")
            finally:
                library.free(buffer)
        finally:
            lib.cmark_node_free(root)
    finally:
        lib.cmark_parser_free(parser)
