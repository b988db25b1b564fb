"""YAML record files read safely, with the line of every value.

PyYAML's safe loader, with what a record file must not do refused before it
costs anything: aliases (a "billion laughs" file), nesting deeper than
:data:`MAX_DEPTH`, values longer than :data:`MAX_TEXT`; keys repeated in a
mapping are reported. Every mapping remembers the line it starts on, so a
problem found later names its file and line. libyaml's C loader is used when
PyYAML has it, the pure-Python one otherwise; both behave the same
(``tests/test_hostile_yaml.py``).
"""

from __future__ import annotations

import gc
import reprlib
from typing import TYPE_CHECKING, Any

import yaml

__all__ = ["MAX_TEXT", "MAX_DEPTH", "Refused", "LineLoader", "PyLineLoader", "load_yaml", "show"]


#: The longest text a value of a record may hold, in characters (a name, a
#: note, a quote, an id...): 1 MiB, far below the 16 MiB line that the store
#: (pyoxigraph) reads at most, so a record never breaks a build.
MAX_TEXT = 1 << 20
#: The deepest nesting of mappings and lists a record file may have (the
#: records themselves need six levels: a contact's claim's ``about``).
MAX_DEPTH = 50


class Refused(yaml.YAMLError):
    """A record file the loader will not read on: an alias, or nesting too deep."""

    def __init__(self, line: int | None, message: str, alias: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.alias = alias


if TYPE_CHECKING:
    _Loader = yaml.SafeLoader
else:
    _Loader = object


class _Checks(_Loader):
    """What the line loaders check while they build a document.

    Aliases (``*name``) are refused outright: they are how 600 bytes expand to
    billions of values ("billion laughs"), and records never need them.
    Nesting is bounded by :data:`MAX_DEPTH` (Python's recursion is not);
    values longer than :data:`MAX_TEXT` and keys repeated in a mapping are
    collected in ``problems`` as ``(line, message)``.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.problems: list[tuple[int | None, str]] = []
        self.depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise Refused(None, "", alias=True)  # only an alias makes a node come twice
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise Refused(_line(node), _DEEP)
            return super().construct_object(node, deep)
        finally:
            self.depth -= 1

    def construct_scalar(self, node: yaml.ScalarNode | yaml.MappingNode) -> Any:
        value = super().construct_scalar(node)
        if isinstance(value, str) and len(value) > MAX_TEXT:
            self.problems.append((_line(node), _too_long(len(value))))
            return value[:40] + "..."  # what other messages may quote
        return value


_DEEP = (
    f"lists and mappings nest deeper than {MAX_DEPTH} levels; records need a few: "
    "check the indentation and brackets"
)
_ALIAS = (
    "YAML aliases (*name) are not accepted in record files: write the value out in full, "
    "and drop the anchor (&name)"
)


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _too_long(length: int) -> str:
    return (
        f"a value of {length:,} characters is longer than the {MAX_TEXT:,} a record's "
        "value may have; shorten it"
    )


class PyLineLoader(_Checks, yaml.SafeLoader):
    """A safe loader (pure Python) that keeps dates as text and remembers mapping lines."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._composing = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        # The Python composer recurses per level too (libyaml stops at 1,000).
        self._composing += 1
        try:
            if self._composing > MAX_DEPTH:
                raise Refused(int(self.peek_event().start_mark.line) + 1, _DEEP)  # type: ignore[no-untyped-call]
            return super().compose_node(parent, index)
        finally:
            self._composing -= 1


LineLoader: type[_Checks] = PyLineLoader
if yaml.__with_libyaml__:

    class CLineLoader(_Checks, yaml.CSafeLoader):
        """The same loader on libyaml's parser (ten times faster), when present."""

    LineLoader = CLineLoader

_NO_TIMESTAMPS = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: _Checks, node: yaml.MappingNode) -> dict[str, Any]:
    seen: set[str] = set()
    for key, _ in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                loader.problems.append(
                    (
                        _line(key),
                        f"key {show(key.value)} appears twice in one mapping; "
                        "keep one (YAML would keep the last silently)",
                    )
                )
            seen.add(key.value)
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping["__line__"] = _line(node)
    return mapping


_LOADERS: tuple[type[_Checks], ...] = (PyLineLoader, LineLoader)
for _class in _LOADERS:
    _class.yaml_implicit_resolvers = _NO_TIMESTAMPS
    _class.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(
    text: str, loader: type[_Checks] | None = None
) -> tuple[Any, list[tuple[int | None, str]]]:
    """The document of ``text``, and the problems found reading it as ``(line, message)``.

    Raises
    ------
    yaml.YAMLError
        When ``text`` is not YAML, or is refused (:class:`Refused`: an alias,
        nesting deeper than :data:`MAX_DEPTH`).
    """
    reader = (loader or LineLoader)(text)
    # The loader makes a few objects per value and none are cyclic: the garbage
    # collector's passes over them, not the parsing, were half the time.
    collecting = gc.isenabled()
    gc.disable()
    try:
        try:
            document = reader.get_single_data()
        except Refused as exc:
            if exc.alias:
                raise Refused(_alias_line(text, loader or LineLoader), _ALIAS) from None
            raise
    finally:
        reader.dispose()
        if collecting:
            gc.enable()
    return document, reader.problems


def _alias_line(text: str, loader: type[_Checks]) -> int | None:
    """The line of the first alias in ``text``."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:
            return int(event.start_mark.line) + 1
    return None


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 200
_REPR.maxlist = _REPR.maxdict = _REPR.maxset = _REPR.maxtuple = 12
_REPR.maxlevel = 4


def show(value: Any) -> str:
    """A value as a problem quotes it: like :func:`repr`, cut short when it is long."""
    if isinstance(value, dict):
        value = {k: v for k, v in value.items() if k != "__line__"}
    return _REPR.repr(value)
