"""Reading a response as a person would, for the view tests."""

import html
import re


def text(response) -> str:
    """The page as a person reads it: entities such as &#x27; turned back into text."""
    return html.unescape(response.content.decode())


def words(response) -> str:
    """The page's words without its markup, one space between them."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())
