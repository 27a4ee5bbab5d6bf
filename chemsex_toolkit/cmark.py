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

_POINTER = ctypes.c_void_p

#: The C functions called, with their result and argument types; with the default allocator
#: (``ALLOCATOR``) the whole private surface of cmarkgfm used here, which
#: ``tests/test_private_apis.py`` holds each release to.
SIGNATURES: dict[str, tuple[type | None, list[type]]] = {
    "cmark_gfm_core_extensions_ensure_registered": (None, []),
    "cmark_find_syntax_extension": (_POINTER, [ctypes.c_char_p]),
    "cmark_parser_new": (_POINTER, [ctypes.c_int]),
    "cmark_parser_attach_syntax_extension": (ctypes.c_int, [_POINTER, _POINTER]),
    "cmark_parser_feed": (None, [_POINTER, ctypes.c_char_p, ctypes.c_size_t]),
    "cmark_parser_finish": (_POINTER, [_POINTER]),
    "cmark_parser_get_syntax_extensions": (_POINTER, [_POINTER]),
    "cmark_render_html": (_POINTER, [_POINTER, ctypes.c_int, _POINTER]),
    "cmark_node_free": (None, [_POINTER]),
    "cmark_parser_free": (None, [_POINTER]),
}


ALLOCATOR = "cmark_get_default_mem_allocator"


def library_path() -> str:
    """The file of cmarkgfm's compiled extension, which is cmark-gfm's C library itself."""
    # The compiled extension module, which has no stubs a type checker could read.
    from cmarkgfm import _cmark  # pyright: ignore[reportAttributeAccessIssue]

    return str(_cmark.__file__)


class _Allocator(ctypes.Structure):
    """cmark's ``cmark_mem``: the calloc, realloc and free it allocates with."""

    _fields_ = [
        ("calloc", ctypes.c_void_p),
        ("realloc", ctypes.c_void_p),
        ("free", ctypes.CFUNCTYPE(None, ctypes.c_void_p)),
    ]


class _Library:
    def __init__(self) -> None:
        lib = ctypes.CDLL(library_path())
        for name, (restype, argtypes) in SIGNATURES.items():
            function = getattr(lib, name)
            function.restype = restype
            function.argtypes = argtypes
        # The HTML buffer goes back to the allocator that made it: cmark's default one, asked
        # of the library itself (on Windows the C library cannot be looked up by name alone).
        allocator = getattr(lib, ALLOCATOR)
        allocator.restype = ctypes.POINTER(_Allocator)
        allocator.argtypes = []
        self.free = allocator().contents.free
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
