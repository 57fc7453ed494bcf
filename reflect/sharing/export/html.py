"""The HTML export: self-contained printable pages (one stylesheet, no script).

Notes are rendered from the same markdown the markdown export writes; `html` is off in
markdown-it, so whatever a note says is shown as text, never run as markup or script.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from reflect.settings.errors import BadInput
from reflect.settings.templates import environment
from reflect.sharing.export.markdown import (
    SITE_TITLE,
    goals_file,
    index_markdown,
    note_stems,
    note_text,
    without_front_matter,
)
from reflect.sharing.export.selection import ExportData, Output, Tick
from reflect.sharing.outfiles import Folder

GENERATOR_META = '<meta name="generator" content="reflect">'


@lru_cache(maxsize=1)
def _markdown_it():
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin
    from mdit_py_plugins.tasklists import tasklists_plugin

    # html off: whatever a note says is shown as text, never run as markup or script
    return (MarkdownIt("commonmark", {"html": False}).enable("table")
            .use(tasklists_plugin)  # agreed actions' [ ] and [x] as checkboxes
            .use(anchors_plugin, min_level=1, max_level=1,  # each note's title a target
                 slug_func=_slug))


def _slug(title: str) -> str:
    """A heading's anchor: the plugin's, or "note" for a title with no letter or digit
    (`!!!`, emoji), which would otherwise get an empty id and no place in the contents."""
    from mdit_py_plugins.anchors.index import slugify

    return slugify(title) or "note"


def stylesheet() -> str:
    """export.css: the user's copy in their templates folder, else the built-in one."""
    env = environment()
    return env.loader.get_source(env, "export.css")[0]


class Pages:
    """HTML pages from one template compiled once (an export may hold thousands)."""

    def __init__(self):
        import jinja2

        try:
            self.template = environment().get_template("page.html.j2")
        except jinja2.TemplateError as e:
            raise BadInput(f"template page.html.j2: {e.message or e}") from e

    def page(self, title: str, markdown: str, css: str | None = None,
             nav: bool = True, contents: bool = False) -> bytes:
        """A page of `markdown`; `contents` puts a table of contents of its notes (their
        titles) at the top."""
        md = _markdown_it()
        tokens = md.parse(markdown)
        content = md.renderer.render(tokens, md.options, {})
        if contents:
            content = _contents(tokens) + content
        html = self.template.render(title=title, content=content,
                                    inline_css=css, nav=nav, generator=GENERATOR_META)
        return (html.rstrip("\n") + "\n").encode("utf-8")


def _contents(tokens) -> str:
    """Links to every top-level heading (each note's title) of a rendered page."""
    from html import escape

    items = [f'<li><a href="#{escape(token.attrs["id"])}">{escape(tokens[n + 1].content)}</a>'
             f"</li>" for n, token in enumerate(tokens)
             if token.type == "heading_open" and token.tag == "h1" and token.attrs.get("id")]
    if not items:
        return ""
    return ('<nav class="contents">\n<h2>Contents</h2>\n<ol>\n' + "\n".join(items)
            + "\n</ol>\n</nav>\n")


def export_html(data: ExportData, single: bool, tick: Tick) -> Output:
    """Self-contained pages (one stylesheet, no script), or one page with `single`."""
    stems, pages = note_stems(data.sessions.headings), Pages()
    goals = without_front_matter(goals_file(data))
    if single:
        parts = []
        for session in data.sessions:
            parts.append(note_text(data, session, marked=False))
            tick()
        return pages.page(SITE_TITLE, "\n\n---\n\n".join([*parts, goals]),
                          css=stylesheet(), nav=False, contents=True)
    return Folder(_pages(data, stems, pages, goals, tick))


def _pages(data: ExportData, stems: dict[str, str], pages: Pages, goals: str, tick: Tick
           ) -> Iterator[tuple[str, bytes]]:
    """The folder's pages, (path, bytes), each made as it is reached."""
    yield "export.css", stylesheet().encode("utf-8")
    for session in data.sessions:
        yield stems[session.id] + ".html", pages.page(session.title,
                                                      note_text(data, session, False))
        tick()
    index = without_front_matter(index_markdown(data, stems, ".html"))
    yield "index.html", pages.page(SITE_TITLE, index, nav=False)
    yield "goals.html", pages.page("Goals", goals)


def owns_html(path: Path) -> bool:
    if path.name == "export.css":
        return True
    if path.suffix != ".html":
        return False
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return GENERATOR_META in f.read(4096)
    except OSError:
        return False
