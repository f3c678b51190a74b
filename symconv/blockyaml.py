"""The YAML of a ```` ```symconv ```` block: ``safe_load`` data with no anchors or aliases (no
"billion laughs"), no duplicate keys, and bounded in size, nodes and depth before it is built."""

from __future__ import annotations

from .errors import InputError, brief

__all__ = ["MAX_FENCE_CHARS", "load"]

MAX_FENCE_CHARS = 20_000
_MAX_NODES, _MAX_DEPTH = 5_000, 8


def _loader():
    import yaml

    class Loader(yaml.SafeLoader):
        """``safe_load`` with no anchors or aliases, no duplicate keys, and bounded size."""

        nodes = depth = 0

        def compose_node(self, parent, index):
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise InputError(f"YAML anchors and aliases (&name, *name) are not accepted in a "
                                 f"symconv block (line {event.start_mark.line + 1})")
            self.nodes += 1
            self.depth += 1
            if self.nodes > _MAX_NODES or self.depth > _MAX_DEPTH:
                raise InputError(f"the block's YAML is too large or too deeply nested (line "
                                 f"{event.start_mark.line + 1})")
            try:
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

        def construct_mapping(self, node, deep=False):
            seen = set()
            for key_node, _ in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
                if key in seen:
                    raise InputError(f"duplicate key {brief(key)} at line {key_node.start_mark.line + 1}")
                seen.add(key)
            return super().construct_mapping(node, deep)

    return Loader


def load(source: str):
    """The block's data, or `InputError` naming the line of the problem."""
    import yaml

    if not isinstance(source, str):
        raise InputError("a symconv block holds text")
    if len(source) > MAX_FENCE_CHARS:
        raise InputError(f"the block has {len(source):,} characters (limit {MAX_FENCE_CHARS:,})")
    _refuse_surrogates(source)
    try:
        data = yaml.load(source, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = str(getattr(exc, "problem", None) or "syntax error")[:80]
        raise InputError(f"the block is not valid YAML{where}: {problem}") from None
    except InputError:
        raise
    except (ValueError, OverflowError, RecursionError):  # a number too long to read, say
        raise InputError("the block holds a value YAML cannot read (a number of thousands of digits?)") from None
    _refuse_surrogates(data)
    return data


def _refuse_surrogates(value) -> None:
    """A lone surrogate (U+D800…U+DFFF, which a YAML escape such as "\\ud800" can make) is not
    Unicode text: no page, file or pipe can hold it. Walks the loaded data (bounded by the
    loader's node limit)."""
    if isinstance(value, str):
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            first = next(ch for ch in value if "\ud800" <= ch <= "\udfff")
            raise InputError(f"the block holds a lone surrogate (U+{ord(first):04X}), which is not Unicode text")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_surrogates(key)
            _refuse_surrogates(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_surrogates(item)
