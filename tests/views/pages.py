"""Reading a response as a person would, for the view tests."""

import html
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pypdf import PdfReader


def text(response) -> str:
    """The page as a person reads it: entities such as &#x27; turned back into text; a
    PDF's text as pypdf reads it back, one space between its words."""
    if response.get("Content-Type") == "application/pdf":
        return pdf_text(response.content)
    return html.unescape(response.content.decode())


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def words(response) -> str:
    """The page's words without its markup, one space between them."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


@dataclass
class Element:
    """One element of a page: its tag, its attributes, the words inside it, its children."""

    tag: str
    attrs: dict
    children: list = field(default_factory=list)
    parts: list = field(default_factory=list)

    @property
    def text(self) -> str:
        """The words inside the element, one space between them."""
        return " ".join("".join(self.parts).split())

    def get(self, name, default=None):
        return self.attrs.get(name, default)

    def has(self, name) -> bool:
        return name in self.attrs

    def classes(self) -> set:
        return set((self.attrs.get("class") or "").split())

    def iter(self):
        for child in self.children:
            yield child
            yield from child.iter()

    def find_all(self, tag=None, **attrs) -> list:
        """The descendants with this tag and these attributes (`class_` is one class of
        several, `aria_sort` is aria-sort; True asks only that the attribute is there)."""
        return [e for e in self.iter() if _matches(e, tag, attrs)]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert found, f"no <{tag or '*'} {attrs}> in <{self.tag} {self.attrs}>"
        return found[0]


def _matches(element, tag, attrs) -> bool:
    if tag and element.tag != tag:
        return False
    for key, wanted in attrs.items():
        name = "class" if key == "class_" else key.replace("_", "-")
        if name not in element.attrs:
            return False
        if wanted is True:
            continue
        if name == "class":
            if not set(wanted.split()) <= element.classes():
                return False
        elif element.attrs[name] != wanted:
            return False
    return True


class _Tree(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.open = [self.root]

    def _gap(self):
        # Words of neighbouring elements stay apart, as a reader sees them.
        for element in self.open:
            element.parts.append(" ")

    def handle_starttag(self, tag, attrs):
        self._gap()
        element = Element(tag, {k: ("" if v is None else v) for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self._gap()
        self.open[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        self._gap()
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)


def document(response_or_html) -> Element:
    """The page parsed into elements."""
    source = response_or_html
    if not isinstance(source, str):
        source = response_or_html.content.decode()
    tree = _Tree()
    tree.feed(source)
    tree.close()
    return tree.root


def find_all(response, tag=None, **attrs) -> list:
    """The page's elements with this tag and these attributes."""
    return document(response).find_all(tag, **attrs)


def element(response, id_: str) -> Element:
    """The page's element with this id."""
    return document(response).find(id=id_)


def field_error(response, field_id: str) -> str:
    """The error shown against the form field with this id ("" when there is none)."""
    found = document(response).find_all(id=f"{field_id}_error")
    return found[0].text if found else ""


def section(response, heading_id: str) -> str:
    """The words of the page's section labelled by `heading_id` ("" when there is none)."""
    found = document(response).find_all("section", aria_labelledby=heading_id)
    return found[0].text if found else ""


def heading(response) -> str:
    """The page's main heading."""
    return document(response).find("h1").text


def checked(response, name: str) -> list:
    """The values of the checked radio buttons or checkboxes named `name`."""
    return [e.get("value") for e in find_all(response, "input", name=name, checked=True)]


def links(response) -> dict:
    """The page's links: their words mapped to where they go."""
    return {a.text: a.get("href") for a in find_all(response, "a", href=True)}


def sent(form: Element) -> dict:
    """What a browser sends for `form` as it stands: its inputs (radios and checkboxes
    when checked), the chosen option of each select (or its first, as a browser
    does), the words in each text area."""
    values = {}
    for found in form.find_all(name=True):
        name = found.get("name")
        if found.tag == "input" and found.get("type") in ("radio", "checkbox"):
            if found.has("checked"):
                values[name] = found.get("value", "on")
        elif found.tag == "input":
            values[name] = found.get("value", "")
        elif found.tag == "select":
            options = found.find_all("option")
            chosen = found.find_all("option", selected=True) or options[:1]
            values[name] = chosen[0].get("value") if chosen else None
        elif found.tag == "textarea":
            values[name] = found.text
    return values


def form_of(response, button: str) -> Element:
    """The form that the button reading `button` submits."""
    [found] = [
        f for f in find_all(response, "form") if button in [b.text for b in f.find_all("button")]
    ]
    return found
