"""No Markdown, HTML or Typst link, image, attribute or raw block is built from a variable outside the choke point.

Every setting and data value reaches a page through `rssreview.present.text` (escaped text, links to
addresses that follow the URL rule). Code elsewhere that writes `[..](..)`, `![..](..)`, `{..}` attributes,
autolinks `<..>` or raw `{=html}` / `{=typst}` blocks around a value (an f-string, `+`, `%` or `.format`)
could let a setting's `)` or `}` end the link and start markup, as `data/release.yml` once did. This test
reads the package's source and fails on such code, naming the file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "rssreview"
HOLE = "\x00"  # where a value goes in a template

#: The choke point itself: the only modules allowed to put values into markup (each escapes or checks them).
ALLOWED = {
    # the one escape for data and settings text, links, images, spans and raw blocks
    "present/text.py",
    # the built-in renderer, standing in for Quarto: it assembles the chapters' stored Markdown (already made by
    # the functions above) into pandoc's input; what it adds itself is a float's label (checked against Quarto's
    # label pattern), a caption from the cell's options, and image paths and alt text through `typst_string`
    "book/render/notebook_markdown.py",
    "book/render/pdf.py",
}

PATTERNS = {
    "a Markdown link or image": re.compile(rf"\]\([^)]*{HOLE}|\[[^\]]*{HOLE}[^\]]*\]\("),
    "an attribute block": re.compile(rf"[)\]]\{{[^}}]*{HOLE}|\{{[.#][^}}]*{HOLE}[^}}]*\}}"),
    "an autolink": re.compile(rf"<{HOLE}>|<https?:[^>]*{HOLE}"),
    # a value inside a raw block (before its closing fence) or an inline raw span
    "raw HTML or Typst": re.compile(rf"\{{=(html|typst|latex)\}}[^`]*{HOLE}|`[^`]*{HOLE}[^`]*`\{{="),
    "an HTML link or image": re.compile(rf"<(a|img)\b[^>]*(href|src)=[\"']?{HOLE}", re.IGNORECASE),
    "a Typst link": re.compile(rf"#link\({HOLE}|#image\({HOLE}"),
}


def _constant(node: ast.AST) -> bool:
    """A string the code itself holds: a literal, or a module constant (an UPPER_CASE name)."""
    if isinstance(node, ast.Constant):
        return True
    return isinstance(node, ast.Name) and node.id.isupper()


def _template(node: ast.AST) -> str | None:
    """The literal text of an f-string, a `+` chain, a `%` or a `.format` call, with HOLE for each value."""
    if isinstance(node, ast.JoinedStr):
        parts = [
            v.value
            if isinstance(v, ast.Constant)
            else ""
            if isinstance(v, ast.FormattedValue) and _constant(v.value)
            else HOLE
            for v in node.values
        ]
        return "".join(str(p) for p in parts) if HOLE in parts else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _operand(node.left), _operand(node.right)
        if HOLE in left + right and left.replace(HOLE, "") + right.replace(HOLE, ""):
            return left + right
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and isinstance(node.left, ast.Constant):
        if isinstance(node.left.value, str):
            return re.sub(r"%[-#0 +]*\d*(?:\.\d+)?[sdrf]", HOLE, node.left.value)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "format"
        and isinstance(node.func.value, ast.Constant)
        and isinstance(node.func.value.value, str)
    ):
        return re.sub(r"\{[^{}]*\}", HOLE, node.func.value.value.replace("{{", "(").replace("}}", ")"))
    return None


def _operand(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if _constant(node):
        return ""
    return _template(node) or HOLE


def markup_built_from_values(source: str) -> list[tuple[int, str]]:
    """(line, what) for each place `source` builds link, image, attribute, autolink or raw syntax from a value."""
    found = []
    for node in ast.walk(ast.parse(source)):
        template = _template(node)
        if template is None:
            continue
        for what, pattern in PATTERNS.items():
            if pattern.search(template):
                found.append((getattr(node, "lineno", 0), what))
                break
    return found


def test_the_check_finds_the_forms_it_looks_for():
    hostile = [
        'f"[{label}]({url})"',
        'f"[Licence]({code.url})"',
        'f"![]({path}){{.chart alt={alt}}}"',
        '"[" + label + "](" + url + ")"',
        '"[%s](%s)" % (label, url)',
        '"[{}]({})".format(label, url)',
        'f"<{url}>"',
        'f"```{{=html}}\\n<b>{text}</b>\\n```"',
        'f"`{value}`{{=typst}}"',
        "f'<a href=\"{url}\">x</a>'",
        'f"#link({url})[x]"',
        'f"[x](y){{.c key={value}}}"',
    ]
    for code in hostile:
        assert markup_built_from_values(code), code
    harmless = [
        'f"{count} people"',
        'f"{a}, {b}"',
        '"[link](https://x.org)"',
        'f"({n} rows)"',
        'f"[tell CQC]({GIVE_FEEDBACK})"',
        'f"```{{=html}}\\n<br>\\n```\\n\\n{table}"',
    ]
    for code in harmless:
        assert not markup_built_from_values(code), code


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_markup_is_built_from_a_value_outside_the_choke_point(path: Path):
    name = path.relative_to(PACKAGE).as_posix()
    if name in ALLOWED:
        return
    found = markup_built_from_values(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(
        f"src/rssreview/{name}:{line}: builds {what} from a value; use rssreview.present.text (link, image, "
        "html_text, typst_string) instead"
        for line, what in found
    )
