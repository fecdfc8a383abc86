"""Draw laid-out slides (workshop/slide_layout.py) as one self-contained HTML file and as a PDF.

HTML: every slide a 1920 x 1080 box scaled to the window, the font embedded
(a subset of DejaVu Sans holding the characters the deck uses), charts as PNG
data URIs: it opens in any browser without a network.  Arrow keys, Page Up/Down
and space go from slide to slide; F11 gives a full screen.

PDF: matplotlib's ``PdfPages`` (one page per slide, 19.2 x 10.8 inch at 100
dpi, the same font and the same lines), charts drawn as vectors.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyBboxPatch

from .slide_layout import FONTS, LINE, PAPER, H, Page, W

#: DejaVu Sans metrics (hhea): ascent and descent as a share of the font size; a browser centres
#: this content area in the line box, so the baseline is half the leading plus the ascent down.
ASCENT, DESCENT = 0.928, 0.236


def font_subset(text: str, bold: bool) -> str:
    """The deck's font as base64 TrueType, cut to the characters in ``text``."""
    import logging

    from fontTools import subset

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # tables it drops are not needed here
    options = subset.Options()
    options.layout_features = ["kern", "liga"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(FONTS[bold], options)
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(text + "0123456789 .,–-€%"))))
    sub.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def chart_png(chart) -> str:
    fig = Figure(figsize=(chart.w / 100, chart.h / 100), dpi=100)
    chart.draw(fig, (0.0, 0.0, 1.0, 1.0))
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, facecolor="white")
    return base64.b64encode(buf.getvalue()).decode("ascii")


PAGE = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }}</title>
<style>
@font-face { font-family: "Deck Sans"; font-weight: 400; src: url(data:font/ttf;base64,{{ regular }}) format("truetype"); }
@font-face { font-family: "Deck Sans"; font-weight: 700; src: url(data:font/ttf;base64,{{ bold }}) format("truetype"); }
html, body { margin: 0; padding: 0; background: #2b2f36; }
body { font-family: "Deck Sans", "DejaVu Sans", sans-serif; font-kerning: normal; }
.frame { width: calc(1920px * var(--s, 1)); height: calc(1080px * var(--s, 1)); margin: 0 auto 12px;
         overflow: hidden; scroll-snap-align: start; }
.slide { position: relative; width: 1920px; height: 1080px; background: {{ paper }}; overflow: hidden;
         transform: scale(var(--s, 1)); transform-origin: 0 0; }
.t { position: absolute; white-space: nowrap; overflow: hidden; color: #1e2a38; }
.b { font-weight: 700; }
.f { position: absolute; }
.c { position: absolute; }
html { scroll-snap-type: y mandatory; }
@page { size: 1920px 1080px; margin: 0; }
@media print { html, body { background: none; } .frame { width: 1920px; height: 1080px; margin: 0;
               page-break-after: always; } .slide { transform: none; } }
</style>
</head>
<body>
{% for p in pages %}<div class="frame" id="s{{ loop.index }}"><section class="slide" data-slide="{{ loop.index }}">
{% for f in p.fills %}<div class="f" style="left:{{ f.x }}px;top:{{ f.y }}px;width:{{ f.w }}px;height:{{ f.h }}px;background:{{ f.colour }};border-radius:{{ f.radius }}px"></div>
{% endfor %}{% for c in p.charts %}<img class="c" alt="{{ c.alt }}" src="data:image/png;base64,{{ c.png }}" style="left:{{ c.x }}px;top:{{ c.y }}px;width:{{ c.w }}px;height:{{ c.h }}px">
{% endfor %}{% for b in p.boxes %}<div class="t{{ ' b' if b.bold }}" data-role="{{ b.role }}" style="left:{{ b.x }}px;top:{{ b.y }}px;width:{{ b.w }}px;height:{{ b.h }}px;font-size:{{ b.size }}px;line-height:{{ b.line_h }}px;color:{{ b.colour }};text-align:{{ b.align }}">{% for line in b.lines %}{{ line }}{% if not loop.last %}<br>{% endif %}{% endfor %}</div>
{% endfor %}</section></div>
{% endfor %}
<script>
function fit() {
  var s = Math.min(window.innerWidth / 1920, window.innerHeight / 1080);
  document.documentElement.style.setProperty("--s", s);
}
window.addEventListener("resize", fit); fit();
document.addEventListener("keydown", function (e) {
  var frames = Array.prototype.slice.call(document.querySelectorAll(".frame"));
  var now = frames.findIndex(function (f) { return f.getBoundingClientRect().top > -10; });
  if (now < 0) now = frames.length - 1;
  var step = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, " ": 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1}[e.key];
  if (!step) return;
  e.preventDefault();
  var next = frames[Math.max(0, Math.min(frames.length - 1, now + step))];
  next.scrollIntoView();
});
</script>
</body>
</html>
"""


def write_html(pages: list[Page], path: Path, title: str, lang: str) -> Path:
    from jinja2 import Environment

    text = title + "".join(" ".join(p.texts()) for p in pages)
    view = []
    for p in pages:
        charts = [{"x": c.x, "y": c.y, "w": c.w, "h": c.h, "alt": c.alt, "png": chart_png(c)} for c in p.charts]
        view.append({"fills": p.fills, "boxes": p.boxes, "charts": charts})
    html = (
        Environment(autoescape=True)
        .from_string(PAGE)
        .render(
            lang=lang,
            title=title,
            pages=view,
            paper=PAPER,
            regular=font_subset(text, False),
            bold=font_subset(text, True),
        )
    )
    path.write_text(html, "utf-8")
    return path


def _draw_page(page: Page) -> Figure:
    fig = Figure(figsize=(W / 100, H / 100), dpi=100, facecolor=PAPER)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, W)
    ax.set_ylim(H, 0)
    ax.axis("off")
    for f in page.fills:
        style = f"round,pad=0,rounding_size={f.radius}" if f.radius else "square,pad=0"
        ax.add_patch(FancyBboxPatch((f.x, f.y), f.w, f.h, boxstyle=style, facecolor=f.colour, edgecolor="none"))
    for c in page.charts:
        c.draw(fig, (c.x / W, 1 - (c.y + c.h) / H, c.w / W, c.h / H))
    props = {bold: FontProperties(fname=FONTS[bold]) for bold in (False, True)}
    for b in page.boxes:
        lead = (b.line_h - (ASCENT + DESCENT) * b.size) / 2
        x = {"left": b.x, "center": b.x + b.w / 2, "right": b.x + b.w}[b.align]
        for i, line in enumerate(b.lines):
            base = b.y + i * b.line_h + lead + ASCENT * b.size
            ax.text(
                x,
                base,
                line,
                fontproperties=props[b.bold],
                fontsize=b.size * 0.72,
                color=b.colour,
                ha=b.align,
                va="baseline",
                parse_math=False,
            )
    return fig


def write_pdf(pages: list[Page], path: Path, title: str) -> Path:
    with (
        matplotlib.rc_context({"text.parse_math": False, "text.usetex": False, "pdf.fonttype": 42}),
        PdfPages(path, metadata={"Title": title, "Creator": "Loketdoolhof"}) as pdf,
    ):
        for page in pages:
            pdf.savefig(_draw_page(page))
    return path


assert LINE > ASCENT + DESCENT  # the line box holds the glyphs
