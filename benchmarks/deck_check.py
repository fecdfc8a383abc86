"""Look at a slide deck in headless Chromium: a screenshot of every slide and every text box measured.

    .venv/bin/python benchmarks/deck_check.py results/debrief-CODE/slides-nl.html shots/

Needs Debian's chromium and chromium-driver (``apt-get install -y chromium chromium-driver``) and
selenium (``.venv/bin/pip install selenium``; not a dependency of the project).  Prints one line per
text box that overflows (wider or taller than its box, or outside the slide) and exits 1 when there is one.
"""

from __future__ import annotations

import sys
from pathlib import Path

CHECK = """
const out = [];
document.querySelectorAll('.slide').forEach((slide, i) => {
  const r0 = slide.getBoundingClientRect();
  slide.querySelectorAll('.t').forEach(el => {
    const r = el.getBoundingClientRect();
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1
        || r.left < r0.left - 1 || r.right > r0.right + 1 || r.top < r0.top - 1 || r.bottom > r0.bottom + 1)
      out.push([i + 1, el.dataset.role, el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight,
                el.innerText.slice(0, 60)]);
  });
});
return [document.querySelectorAll('.slide').length, out, document.fonts.check('40px "Deck Sans"')];
"""


def main(html: Path, shots: Path) -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--window-size=1920,1300",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_window_size(1920, 1300)
        driver.get(html.resolve().as_uri())
        driver.execute_script(
            "document.documentElement.style.setProperty('--s', 1);window.removeEventListener('resize', fit);"
        )
        n, bad, font_ok = driver.execute_script(CHECK)
        shots.mkdir(parents=True, exist_ok=True)
        driver.execute_script("document.documentElement.style.scrollSnapType = 'none';")
        from io import BytesIO

        from PIL import Image

        for i in range(1, n + 1):
            top = driver.execute_script(
                f"const f = document.getElementById('s{i}'); window.scrollTo(0, f.offsetTop);"
                "return f.getBoundingClientRect().top;"
            )
            shot = Image.open(BytesIO(driver.get_screenshot_as_png()))
            shot.crop((0, int(top), 1920, int(top) + 1080)).save(shots / f"{html.stem}-{i:02d}.png")
    finally:
        driver.quit()
    print(f"{html.name}: {n} slides, embedded font in use: {font_ok}, overflowing text boxes: {len(bad)}")
    for row in bad:
        print(f"  slide {row[0]}: {row[1]} scroll {row[2]}x{row[4]} box {row[3]}x{row[5]}: {row[6]}")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
