"""What a failed template did wrong and where: the file and line of a template that failed,
whether in Jinja's words or Python's, for a build's one-line error and the preview's panel."""

from __future__ import annotations

import traceback

import jinja2
import jinja2.parser

# Errors a template can end in as Python's own (a division by zero, a range over the sandbox's
# limit, a template that extends itself), beside Jinja's ``TemplateError``.
PYTHON_ERRORS = (ArithmeticError, LookupError, RecursionError, TypeError, ValueError)

# The names Jinja gives a template's code in a rewritten traceback.
_TEMPLATE_FRAMES = frozenset({"template", "top-level template code"})


def template_line(error: BaseException) -> str | None:
    """Where in a template ``error`` arose ("file, line N"), or None outside templates."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.lineno:
        return f"{error.filename or error.name}, line {error.lineno}"
    found = None
    for frame, line in traceback.walk_tb(error.__traceback__):
        # Jinja runs a template's code under the template's file name, and rewrites the
        # traceback to the template's lines; its frames carry the template in their globals.
        if "__jinja_template__" in frame.f_globals or frame.f_code.co_name in _TEMPLATE_FRAMES:
            found = f"{frame.f_code.co_filename}, line {line}"
        parser = frame.f_locals.get("self")
        if found is None and isinstance(parser, jinja2.parser.Parser):
            # Failed while Jinja read the template (nesting too deep for its parser).
            found = f"{parser.filename or parser.name}, line {parser.stream.current.lineno}"
    return found


def what_failed(error: BaseException) -> str:
    """What is wrong, in a sentence's end: Jinja's words, or Python's made plain."""
    if isinstance(error, jinja2.TemplateNotFound):
        return f"no template is named {error.name!r}"
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.message or "not valid template syntax"
    if isinstance(error, RecursionError):
        return "it nests, calls, includes or extends itself too deeply"
    return str(error) or type(error).__name__


def template_failure(error: BaseException) -> str | None:
    """``error`` as "(file, line N): what", when a template's code raised it; else None."""
    where = template_line(error)
    if where is None and not isinstance(error, jinja2.TemplateError):
        return None
    at = f" ({where})" if where else ""
    return f"{at}: {what_failed(error)}"
