"""The one reader for the project's settings files (data/release.yml and _quarto.yml).

Settings are data too: what they hold reaches every page, the PDFs' metadata and the downloads. So
a settings file is held to the same rules as a table, and checked before anything is built from it:

- it must be a plain file in the project (not a symbolic link), within the size the register of
  inputs (`rssreview.inputs`) sets for it: checked before a byte is parsed, so a 24 MB string is
  refused at once, naming the limit;
- YAML anchors and aliases (`&a`, `*a`) are refused while the file is still a stream of events, before
  anything is composed, so an "alias bomb" that would expand to gigabytes costs nothing;
- explicit tags (`!!python/object`, `!!binary`, `!custom`) are refused: settings hold plain text,
  numbers, true/false, lists and mappings;
- a key written twice in one mapping is refused (YAML would silently keep the last);
- values may nest no deeper than the register allows, and no text may be longer than its cell limit;
- text holding invisible or control characters is refused (`rssreview.hygiene`);
- dates stay text here, so the models that read them (pydantic) name the file and key of an
  impossible date such as 2026-02-30.

Every problem is one line naming the file, the key (or line) and what was expected. The parsed
value is cached by the file's bytes; each caller gets its own copy.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from rssreview import hygiene, inputs, limits
from rssreview.paths import ROOT, display_path

#: libyaml's parser where PyYAML was built with it (about ten times faster), else the pure-Python one.
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Loader(_BASE):  # type: ignore[misc,valid-type]
    """The safe loader, with dates left as text for the models to check (naming the key)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}


Model = TypeVar("Model", bound=BaseModel)


class SettingsError(ValueError):
    """A settings file that cannot be used; the message has one line per problem, each naming the file."""


def _limit(path: Path) -> inputs.Limit:
    """The register's limit for the file; a copy elsewhere (a test's, a scratch project's) takes the limit of the
    settings file with its name; any other YAML file the smallest settings limit."""
    limits = {Path(i.pattern).name: i.limit for i in inputs.REGISTER if i.group == "settings" and i.limit}
    item = inputs.entry_for(path) if Path(path).is_relative_to(ROOT) else None
    if item is not None and item.limit is not None:
        return item.limit
    return limits.get(Path(path).name) or min(limits.values(), key=lambda limit: limit.max_bytes)


def read_settings(path: Path) -> Any:
    """The settings file at `path`, parsed and checked as the module describes; SettingsError otherwise."""
    where = display_path(path)
    problem = limits.path_problem(path)
    if problem:
        raise SettingsError(f"{where}: {problem}")
    limit = _limit(path)
    try:
        with Path(path).open("rb") as handle:
            data = handle.read(limit.max_bytes + 1)  # never more than the limit, whatever the file's size
    except OSError as err:
        raise SettingsError(f"{where}: cannot be read ({err.strerror or err})") from None
    if len(data) > limit.max_bytes:
        raise SettingsError(
            f"{where}: refused: the file is larger than {limits.size_words(limit.max_bytes)}, the limit for this "
            "settings file (data/README.md, Limits on size)"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SettingsError(
            f"{where}, line {line}: expected UTF-8 text; found the byte 0x{data[err.start]:02x}"
        ) from None
    return copy.deepcopy(_parsed(where, text, limit))


@lru_cache(maxsize=8)
def _parsed(where: str, text: str, limit: inputs.Limit) -> Any:
    _check_events(where, text)
    try:
        node = yaml.compose(text, Loader=_Loader)  # noqa: S506 - a safe loader; aliases already refused
    except yaml.YAMLError as err:
        raise SettingsError(f"{where}: cannot be read as YAML ({' '.join(str(err).split())})") from None
    if node is None:
        return None
    problems = list(_node_problems(where, node, (), limit))
    if problems:
        raise SettingsError("\n".join(problems))
    loader = _Loader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _line(event_or_node: Any) -> int:
    return event_or_node.start_mark.line + 1


def _check_events(where: str, text: str) -> None:
    """Refuse anchors, aliases and explicit tags while the file is a stream of events (nothing is expanded)."""
    problems = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                problems.append(
                    f"{where}, line {_line(event)}: expected plain values; found a YAML anchor or alias "
                    f"({'*' if isinstance(event, yaml.AliasEvent) else '&'}{event.anchor}), which settings may not use"
                )
            elif getattr(event, "tag", None) and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
                problems.append(
                    f"{where}, line {_line(event)}: expected plain text, numbers, lists and mappings; found the "
                    f"YAML tag {event.tag!r}, which settings may not use"
                )
            if len(problems) >= 20:
                break
    except yaml.YAMLError as err:
        problems.append(f"{where}: cannot be read as YAML ({' '.join(str(err).split())})")
    if problems:
        raise SettingsError("\n".join(problems))


def key_path(parts: tuple[object, ...]) -> str:
    """A key as readers write it: `book.page-footer.right[2].href`."""
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top)"


def _node_problems(where: str, node: yaml.Node, at: tuple[object, ...], limit: inputs.Limit) -> Iterator[str]:
    here = f"{where}, key {key_path(at)} (line {_line(node)})"
    if limit.max_depth is not None and len(at) > limit.max_depth:
        yield f"{here}: expected values nested at most {limit.max_depth} deep; found deeper ones"
        return
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        if len(value) > limit.max_cell:
            yield f"{here}: expected at most {limit.max_cell:,} characters; found {len(value):,}"
        found = hygiene.problem(value)
        if found:
            yield f"{here}: expected {hygiene.EXPECTED}; found {found}"
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _node_problems(where, item, (*at, index), limit)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
            if not isinstance(key, yaml.ScalarNode):
                yield f"{where}, line {_line(key)}: expected a plain key; found a list or mapping as a key"
                continue
            if name in seen:
                yield (
                    f"{where}, key {key_path((*at, name))} (line {_line(key)}): expected each key once; "
                    f"found it again (first on line {seen[name]})"
                )
            seen.setdefault(name, _line(key))
            found = hygiene.problem(name)
            if found:
                yield f"{where}, line {_line(key)}: expected a key in {hygiene.EXPECTED}; found {found}"
            yield from _node_problems(where, value, (*at, name), limit)


def validated(model: type[Model], raw: Any, path: Path) -> Model:
    """`raw` checked by a pydantic model; SettingsError with one line per problem naming the file and key."""
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        where = display_path(path)
        errors = err.errors()
        # a problem inside a value (revisions[1].date) also fails the value around it (revisions): report the inner one
        inner = [e for e in errors if not any(o is not e and o["loc"][: len(e["loc"])] == e["loc"] for o in errors)]
        lines = [
            f"{where}, key {key_path(_loc(problem['loc']))}: {problem['msg'].removeprefix('Value error, ')}"
            f" (found {_found(problem.get('input'))})"
            for problem in inner
        ]
        raise SettingsError("\n".join(lines)) from None


def _loc(loc: tuple[Any, ...]) -> tuple[object, ...]:
    return tuple(part for part in loc if not (isinstance(part, str) and part.startswith("function-")))


def _found(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "…"
