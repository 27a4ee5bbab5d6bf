"""The form fields of every part of a booklet, joined into the one form of the whole file.

WeasyPrint writes each part's fields in its own ``/AcroForm`` and names each field by its whole
HTML name. In the joined file:

- a field's name is split at its periods into a tree of fields, as PDF names a field (the name
  of one field holds no period; ``ct.item.a.b.answer`` is the field ``answer`` under ``b``,
  under ``a``, ...), so readers and form data exports show the names whole; a name given twice
  is refused, since two fields of one name share one value;
- each radio button of a group becomes a widget of its group only (WeasyPrint also names each
  button, which would make it a field of its own beneath the group), its description kept as
  the button's ``/Contents``, and its on state is named by its export value (``/partly``,
  rather than its position ``/1`` with an ``/Opt`` list), so a group's value says the answer;
- the fonts the fields' default appearances name are the form's resources, and
  ``/NeedAppearances`` asks readers to draw the texts a user types, in any script the font has
  (WeasyPrint embeds the whole font of a form, never a subset).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import pikepdf
from pikepdf import Name

# Field flag of a radio button group (PDF 32000-1, table 226, bit 16).
RADIO = 1 << 15
# A graphics state operator in a default appearance, which only font and colour operators may
# make up; WeasyPrint writes its page's opacity there.
_STATE = re.compile(rb"/[^\s/]+\s+gs\s*")
_FONT = re.compile(rb"/([^\s/]+)\s+[-\d.]+\s+Tf")


class FormError(ValueError):
    """The parts' fields cannot be one form (a name given twice, or a name with no field)."""


class Form:
    """The joined file's fields, gathered part by part.

    ``number`` gives the joined file's number for an object of the part being read (see
    ``join._Writer``); ``reserve`` a new number; ``value`` an object's PDF syntax there."""

    def __init__(self, descriptions: Mapping[str, str]) -> None:
        self.descriptions = descriptions
        self.top: list[int] = []
        # Each inner node of the tree of names: its number, and its children's numbers.
        self.nodes: dict[str, tuple[int, list[int]]] = {}
        self.fields: set[str] = set()
        self.fonts: dict[str, bytes] = {}

    def add_part(
        self,
        source: pikepdf.Pdf,
        number: Callable[[Any], int],
        reserve: Callable[[], int],
        value: Callable[[Any], bytes],
        alias: Callable[[Any, int], None],
    ) -> None:
        form = source.Root.get("/AcroForm")
        if form is None:
            return
        resources = form.get("/DR")
        fonts = resources.get("/Font") if resources is not None else None
        for field in form.get("/Fields", ()):
            if "/Parent" in field:  # a button of a group, which the group's entry brings
                continue
            name = str(field.get("/T", ""))
            if not name or "" in name.split("."):
                raise FormError(f"a form field named {name!r}")
            if name in self.fields or name in self.nodes:
                raise FormError(f"two form fields named {name!r}")
            self.fields.add(name)
            if int(field.get("/Ff", 0)) & RADIO:
                _buttons_of_group(field)
            if name in self.descriptions:
                field.TU = pikepdf.String(self.descriptions[name])
            for widget in (field, *field.get("/Kids", ())):
                if "/DA" in widget:
                    appearance = _STATE.sub(b"", bytes(widget.DA))
                    widget.DA = pikepdf.String(appearance)
                    for font in _FONT.findall(appearance):
                        key = "/" + font.decode("latin-1")
                        if fonts is not None and key in fonts and key not in self.fonts:
                            self.fonts[key] = value(fonts[key])
            *parents, own = name.split(".")
            field.T = pikepdf.String(own)
            if not parents:
                self.top.append(number(field))
                continue
            parent = ".".join(parents)
            node = self._node(parent, reserve)
            # The parent is an object of the joined file, not of the part: the part refers to
            # it through a stand-in the writer numbers as the node.
            stand_in = source.make_indirect(pikepdf.Dictionary())
            alias(stand_in, node)
            field.Parent = stand_in
            self.nodes[parent][1].append(number(field))

    def _node(self, name: str, reserve: Callable[[], int]) -> int:
        """The number of the inner node ``name``, made with its parents when new."""
        found = self.nodes.get(name)
        if found is not None:
            return found[0]
        if name in self.fields:
            raise FormError(f"a form field named {name!r} has fields under it")
        node = reserve()
        self.nodes[name] = (node, [])
        parent = name.rpartition(".")[0]
        if parent:
            self._node(parent, reserve)
            self.nodes[parent][1].append(node)
        else:
            self.top.append(node)
        return node

    def write(self, write_object: Callable[[int, bytes], None]) -> bytes | None:
        """Writes the inner nodes; the catalog's ``/AcroForm`` entry, or None for no field."""
        if not self.top:
            return None
        numbers = {name: node for name, (node, _kids) in self.nodes.items()}
        for name, (node, kids) in self.nodes.items():
            parent, _, own = name.rpartition(".")
            body = b"<</T %s /Kids [%s]" % (pikepdf.String(own).unparse(), _refs(kids))
            if parent:
                body += b" /Parent %d 0 R" % numbers[parent]
            write_object(node, body + b">>")
        fonts = b" ".join(Name(key).unparse() + b" " + ref for key, ref in self.fonts.items())
        return b"<</Fields [%s] /NeedAppearances true /DR <</Font <<%s>>>>>>" % (
            _refs(self.top),
            fonts,
        )


def _refs(numbers: list[int]) -> bytes:
    return b" ".join(b"%d 0 R" % n for n in numbers)


def _buttons_of_group(group: Any) -> None:
    """Makes the buttons of a radio group its widgets only, their states named by value."""
    options = [str(option) for option in group.get("/Opt", ())]
    by_value = len(set(options)) == len(options) and all(options)
    renamed: dict[str, Name] = {}
    for button in group.get("/Kids", ()):
        for key in ("/T", "/FT", "/V"):
            if key in button:
                del button[key]
        if "/TU" in button:
            button.Contents = button.TU
            del button["/TU"]
        normal = button.get("/AP", {}).get("/N")
        if not by_value or normal is None:
            continue
        for state in list(normal.keys()):
            if state == "/Off" or not state[1:].isdigit() or int(state[1:]) >= len(options):
                continue
            renamed[state] = Name("/" + options[int(state[1:])])
            normal[renamed[state]] = normal[state]
            del normal[state]
        if str(button.get("/AS", "/Off")) in renamed:
            button.AS = renamed[str(button.AS)]
    if by_value and renamed:
        if str(group.get("/V", "/Off")) in renamed:
            group.V = renamed[str(group.V)]
        del group["/Opt"]
