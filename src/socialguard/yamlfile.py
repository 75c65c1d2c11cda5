"""Reading YAML: the one bounded loader for every YAML text socialguard reads (policies, packs, answers files,
and the data files shipped in the package).

Only plain YAML (`yaml.SafeLoader`: no Python objects), within limits that a real policy never comes near
but an alias bomb does: the size of the text (`MAX_SIZE`), the values that aliases repeat (`MAX_REPEATED`:
nine levels of nine aliases would repeat 387 million), and the depth of nesting (`MAX_DEPTH`). An alias to the
value that contains it (`a: &a [*a]`) is refused too. The limits are checked while the document is composed,
so a bomb is stopped before it is expanded. Every problem is a `YamlError` of one line naming the file and
the line: `policy.yaml:7: aliases repeat more than 10,000 values; write the values out instead`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import yaml

MAX_SIZE = 5_000_000  # characters of text, bytes of a file
MAX_REPEATED = 10_000
MAX_DEPTH = 50


class YamlError(ValueError):
    """A YAML text that cannot be read, with a one-line message naming the file and the line."""


class Readable(Protocol):
    def open(self, mode: str) -> Any: ...


def read_text(path: Path | Readable, name: str, what: str) -> str:
    """The UTF-8 text of a file of at most `MAX_SIZE` bytes (`what` says what it should be, e.g. "a policy")."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_SIZE + 1)
    except FileNotFoundError:
        raise YamlError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise YamlError(f"{name}: is a directory, not {what}") from None
    except PermissionError:
        raise YamlError(f"{name}: permission denied") from None
    except OSError as exc:
        raise YamlError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    if len(raw) > MAX_SIZE:
        raise YamlError(f"{name}: file is too large for {what} (more than {MAX_SIZE:,} bytes)")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(f"{name}: not UTF-8 text (byte {exc.start})") from None


def load_yaml(text: str, name: str) -> Any:
    """The data of a YAML text (None for an empty one)."""
    return compose_yaml(text, name)[0]


def compose_yaml(text: str, name: str) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text and its node tree (which knows the line of every value)."""
    if len(text) > MAX_SIZE:
        raise YamlError(f"{name}: too large ({len(text):,} characters; the limit is {MAX_SIZE:,})")
    try:
        loader = _BoundedLoader(text, name)
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, found before parsing
        line = text.count("\n", 0, exc.position) + 1
        raise YamlError(f"{name}:{line}: invalid YAML: character {exc.character:#06x} is not allowed") from None
    try:
        node = loader.get_single_node()
        return (None if node is None else loader.construct_document(node)), node
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise YamlError(f"{name}{line}: invalid YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{name}: invalid YAML: {str(exc).splitlines()[0]}") from None
    finally:
        loader.dispose()


class _BoundedLoader(yaml.SafeLoader):
    """A `SafeLoader` that counts, while composing, the depth and the values each alias repeats."""

    def __init__(self, text: str, name: str) -> None:
        super().__init__(text)
        self.source = name
        self.depth = 0
        self.repeated = 0
        self.sizes: dict[int, int] = {}  # id(node) -> values in it, aliases expanded
        self.open_anchors: set[str] = set()

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if self.depth >= MAX_DEPTH:
            raise YamlError(f"{self.source}:{line}: nested more than {MAX_DEPTH} levels deep")
        if isinstance(event, yaml.AliasEvent) and event.anchor in self.open_anchors:
            raise YamlError(f"{self.source}:{line}: alias *{event.anchor} is inside the value it names")
        anchor = None if isinstance(event, yaml.AliasEvent) else event.anchor
        if anchor is not None:
            self.open_anchors.add(anchor)
        self.depth += 1
        node = super().compose_node(parent, index)
        self.depth -= 1
        self.open_anchors.discard(anchor)
        if isinstance(event, yaml.AliasEvent):
            self.repeated += self.sizes[id(node)]
            if self.repeated > MAX_REPEATED:
                raise YamlError(f"{self.source}:{line}: aliases repeat more than {MAX_REPEATED:,} values; "
                                "write the values out instead")
        else:
            self.sizes[id(node)] = 1 + sum(self.sizes[id(child)] for child in _children(node))
        return node


    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        """A date or time, or an error naming its line (`0000-01-01` matches YAML's pattern but is no date)."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            raise yaml.constructor.ConstructorError(None, None, f"{node.value!r} is not a date ({exc})",
                                                    node.start_mark) from None


_BoundedLoader.add_constructor("tag:yaml.org,2002:timestamp", _BoundedLoader.construct_yaml_timestamp)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []
