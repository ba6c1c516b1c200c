"""Render the partner guides (docs/*.md) as HTML for the hosted "API for partners" page.

No Markdown library is a dependency, and the guides use a small subset:
headings, paragraphs, "- " lists, tables, fenced code, `code`, **bold**,
*emphasis* and [links](target). Everything is escaped first; a link is kept
only when it leads somewhere the reader can go: an http(s) address, an anchor
of the page, or a guide the site hosts (`links` maps its file name to its URL).
Any other link keeps its words and loses its address.
"""

import re
from html import escape

from django.utils.safestring import mark_safe

FENCE = re.compile(r"^```")
HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
LIST_ITEM = re.compile(r"^-\s+(.*)$")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
CODE = re.compile(r"`([^`]+)`")
BOLD = re.compile(r"\*\*(.+?)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])")


def anchor(title):
    """The id GitHub gives a heading, so that the guides' `#anchors` work here too."""
    text = re.sub(r"[`*]", "", title).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def link_target(target, links):
    if target.startswith(("https://", "http://", "#")):
        return target
    path, _, fragment = target.partition("#")
    url = links.get(path.rsplit("/", 1)[-1]) if path else None
    if url is None:
        return None
    return f"{url}#{fragment}" if fragment else url


def plain_inline(text):
    """Escape, then bold and emphasis; code spans are kept apart, as written."""
    parts = CODE.split(text)
    html = []
    for index, part in enumerate(parts):
        if index % 2:
            html.append(f"<code>{escape(part)}</code>")
        else:
            part = BOLD.sub(r"<strong>\1</strong>", escape(part, quote=False))
            html.append(EMPHASIS.sub(r"<em>\1</em>", part))
    return "".join(html)


def inline(text, links):
    html, position = [], 0
    for match in LINK.finditer(text):
        html.append(plain_inline(text[position : match.start()]))
        words, target = match.groups()
        url = link_target(target, links)
        if url is None:
            html.append(plain_inline(words))
        else:
            html.append(f'<a href="{escape(url)}">{plain_inline(words)}</a>')
        position = match.end()
    html.append(plain_inline(text[position:]))
    return "".join(html)


def table_cells(line):
    """Split a table row on its pipes, except those inside `code`."""
    cells, current, in_code = [], "", False
    for char in line.strip().strip("|"):
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append(current.strip())
            current = ""
        else:
            current += char
    cells.append(current.strip())
    return cells


def table(rows, links):
    head, body = rows[0], rows[2:]
    # Focusable: on a phone the table scrolls sideways, by keyboard too.
    html = ['<table tabindex="0"><thead><tr>']
    html += [f"<th>{inline(cell, links)}</th>" for cell in table_cells(head)]
    html.append("</tr></thead><tbody>")
    for row in body:
        cells = "".join(f"<td>{inline(c, links)}</td>" for c in table_cells(row))
        html.append(f"<tr>{cells}</tr>")
    html.append("</tbody></table>")
    return "".join(html)


def render_guide(text, links=None, shift=1):
    """Return the guide's HTML (safe: every character of the source is escaped).

    Headings go `shift` levels down, below the hosting page's own title.
    """
    links = links or {}
    lines = text.splitlines()
    html, index = [], 0
    while index < len(lines):
        line = lines[index]
        if FENCE.match(line):
            end = index + 1
            while end < len(lines) and not FENCE.match(lines[end]):
                end += 1
            code = "\n".join(lines[index + 1 : end])
            html.append(f'<pre tabindex="0"><code>{escape(code)}</code></pre>')
            index = end + 1
        elif heading := HEADING.match(line):
            level = min(len(heading.group(1)) + shift, 6)
            title = heading.group(2).strip()
            html.append(
                f'<h{level} id="{escape(anchor(title))}">'
                f"{inline(title, links)}</h{level}>"
            )
            index += 1
        elif line.startswith("|"):
            end = index
            while end < len(lines) and lines[end].startswith("|"):
                end += 1
            html.append(table(lines[index:end], links))
            index = end
        elif LIST_ITEM.match(line):
            items = []
            while index < len(lines):
                item = LIST_ITEM.match(lines[index])
                if item:
                    items.append(item.group(1))
                elif lines[index].startswith("  ") and lines[index].strip():
                    items[-1] += " " + lines[index].strip()
                else:
                    break
                index += 1
            html.append(
                "<ul>"
                + "".join(f"<li>{inline(i, links)}</li>" for i in items)
                + "</ul>"
            )
        elif not line.strip():
            index += 1
        else:
            paragraph = []
            while index < len(lines) and lines[index].strip():
                if paragraph and (
                    FENCE.match(lines[index])
                    or HEADING.match(lines[index])
                    or lines[index].startswith("|")
                    or LIST_ITEM.match(lines[index])
                ):
                    break
                paragraph.append(lines[index].strip())
                index += 1
            html.append(f"<p>{inline(' '.join(paragraph), links)}</p>")
    return mark_safe("\n".join(html))
