"""A page made into a PDF with WeasyPrint (issue 12: the visit report).

Nothing is fetched while the PDF is made: the page's stylesheet is read from the
project's static files and every other address is refused, so a report never
reaches the network and never waits on it. Fonts come from the system's fontconfig
(Debian's fonts-dejavu-core, named first in report.css)."""

from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

PAPERS = {"a4": "A4", "letter": "letter"}
STYLESHEET = "css/report.css"


class PdfUnavailable(Exception):
    """WeasyPrint cannot run here (its Pango library is missing); str() says so."""


def render_pdf(html: str, *, paper: str) -> bytes:
    """`html`, a whole page, as a PDF on `paper` (a key of PAPERS)."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except OSError as error:  # the Python package is there, its system library is not
        raise PdfUnavailable(
            _("The PDF cannot be made on this server (%(error)s). Print the page instead.")
            % {"error": error}
        ) from None
    page = CSS(string=f"@page {{ size: {PAPERS[paper]}; }}")
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    # Only data: addresses; an http, https or file address in the page is refused.
    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",)))
    return document.write_pdf(stylesheets=[stylesheet, page])
