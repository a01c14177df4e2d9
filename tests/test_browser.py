"""The web book as a learner meets it, checked page by page in headless Chromium.

The book is built as `make book` builds it (stored outputs, warnings are errors) into
`_build/browser-test/`, except that MathJax comes from a local copy of npm's `mathjax` package
(`bin/fetch-mathjax`, run by `make install`) instead of the CDN, so equations render offline.
The site is served over HTTP on localhost; every other host is unreachable for the browser, so
the test gives the same answer with or without internet.

For every page of `_toc.yml`: it loads with its title; every image loads and has a real alt
text; every internal link and anchor resolves; the Colab button opens this page's notebook in
the repository of `_config.yml`; search finds the page from a word of its title; no JavaScript
error other than a blocked external resource; every equation became MathJax output with no TeX
error; text is legible in light and dark mode.  Screenshots of three pages in both modes and a
report (HTML size, images, equations per page) are written to `_build/browser-test/`.

Needs `chromium` and `chromedriver` (`make install` installs Debian's packages when run as
root) and the MathJax copy (`make test` fetches it).  Without them the test is skipped, except
under CI (`CI` set), where it fails.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "_build" / "browser-test"
MATHJAX = REPO / ".venv" / "share" / "mathjax"
CONFIG = yaml.safe_load((REPO / "_config.yml").read_text())
SCREENSHOT_PAGES = ["intro", "book/08_backpropagation", "book/22_lstm_gru"]
MAX_PAGE_BYTES = 1_000_000  # a page's HTML; widget state or inline images would blow it up


def toc_pages() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [c["file"] for c in part["chapters"]]
    return [str(Path(p).with_suffix("")) for p in pages]


PAGES = toc_pages()


def _fail_or_skip(msg: str):
    if os.environ.get("CI"):
        pytest.fail(msg)
    pytest.skip(msg)


def _executable(*names: str) -> str | None:
    return next((p for p in map(shutil.which, names) if p), None)


@pytest.fixture(scope="module")
def site():
    """Build the book with local MathJax and serve it; yield the base URL."""
    mathjax = MATHJAX / "es5" / "tex-mml-chtml.js"
    if not mathjax.exists():
        _fail_or_skip(f"{mathjax} is missing: run `make test`, or bin/fetch-mathjax {MATHJAX}")
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    config = dict(CONFIG)
    sphinx = config["sphinx"]
    config["sphinx"] = {
        **sphinx,  # local extensions' folders are relative to the config file: made absolute
        "local_extensions": {k: str(REPO / v) for k, v in sphinx["local_extensions"].items()},
        "config": {
            **sphinx["config"],
            "mathjax_path": "mathjax/tex-mml-chtml.js",
            # without `noundefined`, an unknown macro is an mjx-merror instead of red text
            "mathjax3_config": {"tex": {"packages": {"[-]": ["noundefined"]}}},
        },
    }
    (OUT / "_config.yml").write_text(yaml.safe_dump(config))
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    build = subprocess.run(
        [jb, "build", REPO, "--path-output", OUT, "--config", OUT / "_config.yml", "--all"]
        + ["--warningiserror", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    build_seconds = time.perf_counter() - start
    html = OUT / "_build" / "html"
    shutil.copytree(MATHJAX / "es5", html / "_static" / "mathjax")
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    report = {"build_seconds": round(build_seconds, 1), "pages": {}}
    yield {"url": f"http://127.0.0.1:{server.server_port}/", "html": html, "report": report}
    server.shutdown()
    server.server_close()
    (OUT / "report.json").write_text(json.dumps(report, indent=2) + "\n")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    chromium = _executable("chromium", "google-chrome", "chromium-browser")
    # GitHub's Ubuntu runners ship Chrome, with its driver in $CHROMEWEBDRIVER
    driver_path = _executable("chromedriver") or _executable(
        str(Path(os.environ.get("CHROMEWEBDRIVER", "/nonexistent")) / "chromedriver")
    )
    if not (chromium and driver_path):
        _fail_or_skip(
            "chromium and chromedriver are needed: apt-get install chromium chromium-driver"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1000",
        "--hide-scrollbars",
        # every host but this one is unreachable: the same result with or without internet
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=driver_path))
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


WAIT_FOR_MATH = """
const done = arguments[arguments.length - 1];
const start = Date.now();
(function poll() {
  if (document.readyState !== 'complete' && Date.now() - start < 30000) {
    return setTimeout(poll, 50);  // a reload still under way
  }
  if (!document.querySelector('.math')) return done('no math');
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    return MathJax.startup.promise.then(() => done('ok'), (e) => done('error: ' + e));
  }
  if (Date.now() - start > 30000) return done('MathJax did not load');
  setTimeout(poll, 50);
})();
"""

PAGE_FACTS = """
const article = document.querySelector('article') || document.body;
const maths = Array.from(article.querySelectorAll('.math'));
return {
  title: document.title,
  h1: (article.querySelector('h1') || {textContent: ''}).textContent.replace('#', '').trim(),
  images: Array.from(document.images).map((i) => ({
      src: i.currentSrc || i.src, alt: i.getAttribute('alt') || '', width: i.naturalWidth,
      article: article.contains(i)})),
  links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href),
  maths: maths.length,
  unrendered: maths.filter((m) => !m.querySelector('mjx-container')).map((m) => m.textContent)
      .slice(0, 5),
  tex_errors: Array.from(document.querySelectorAll('mjx-merror'))
      .map((e) => e.getAttribute('data-mjx-error') || e.textContent).slice(0, 5),
  raw_tex: (article.innerText.match(/\\\\[(\\[]/g) || []).length,
};
"""

LEGIBILITY = """
function rgb(s) { return (s.match(/[\\d.]+/g) || []).map(Number); }
function lum(c) {
  const [r, g, b] = c.slice(0, 3).map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
function background(el) {
  for (; el; el = el.parentElement) {
    const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c;
  }
  return [255, 255, 255];
}
// the worst contrast over the kinds of text a chapter has: prose, lists, tables, captions,
// admonitions, code and printed output; and the luminance of the page's own background
const kinds = ['article p', 'article li', 'article td', 'article figcaption',
               'article .admonition p', 'article .cell_input pre', 'article .cell_output pre'];
let worst = null;
for (const sel of kinds) {
  for (const el of Array.from(document.querySelectorAll(sel)).slice(0, 20)) {
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (!worst || ratio < worst.ratio) worst = {ratio, what: sel};
  }
}
return {worst, page: lum(background(document.querySelector('article') || document.body))};
"""


def open_page(driver, url: str, mode: str = "light") -> str:
    """Load ``url`` with the reader's choice of ``mode`` stored, as the theme's switch stores it
    (the theme itself applies it on load); return the MathJax status."""
    driver.get(url)
    if driver.execute_script("return localStorage.getItem('mode')") != mode:
        driver.execute_script("localStorage.setItem('mode', arguments[0])", mode)
        driver.refresh()
    return driver.execute_async_script(WAIT_FOR_MATH)


def screenshots(driver, stem: Path, mode: str) -> None:
    """The top of the page, and its first figure in the middle of the window."""
    driver.save_screenshot(f"{stem}-{mode}.png")
    if driver.execute_script(
        "const i = document.querySelector('article img');"
        "if (i) i.scrollIntoView({block: 'center'}); return !!i;"
    ):
        driver.save_screenshot(f"{stem}-{mode}-figure.png")
    driver.execute_script("window.scrollTo(0, 0)")


def colab_url(page: str) -> str:
    repo = urllib.parse.urlparse(CONFIG["repository"]["url"]).path.strip("/")
    branch = CONFIG["repository"].get("branch", "main")
    return f"https://colab.research.google.com/github/{repo}/blob/{branch}/{page}.ipynb"


_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


@functools.cache
def _fetch(url: str) -> tuple[int | str, str]:
    try:
        with _LOCAL.open(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        return e.code, ""
    except OSError as e:
        return str(e), ""


def broken_links(links: list[str], base: str) -> list[str]:
    """The same-site links among ``links`` whose page or anchor does not exist."""
    broken = []
    for link in sorted(set(links)):
        if not link.startswith(base):
            continue
        url, _, anchor = link.partition("#")
        status, body = _fetch(url)
        if status != 200:
            broken.append(f"{link} (HTTP {status})")
        elif anchor and f'id="{urllib.parse.unquote(anchor)}"' not in body:
            broken.append(f"{link} (no such anchor)")
    return broken


def js_errors(driver, base: str) -> list[str]:
    """Severe console messages, except external resources that are blocked offline."""
    errors = []
    for entry in driver.get_log("browser"):
        if entry["level"] != "SEVERE":
            continue
        msg = entry["message"]
        urls = re.findall(r"https?://[^\s\"')]+", msg)
        if urls and not urls[0].startswith(base) and "net::ERR" in msg:
            continue  # a CDN script or font this offline test does not serve
        if urls and urls[0] == f"{base}favicon.ico":
            continue  # the browser asks for it by itself; the book has none
        errors.append(msg)
    return errors


def search_word(title: str) -> str:
    """The longest word of a page title: distinctive enough to find the page."""
    return max(re.findall(r"[A-Za-z]+", title), key=len, default="").lower()


@pytest.mark.parametrize("page", PAGES)
def test_page(site, browser, page):
    base = site["url"]
    url = f"{base}{page}.html"
    browser.get_log("browser")  # drop what earlier pages left
    status = open_page(browser, url)
    facts = browser.execute_script(PAGE_FACTS)
    problems = []

    if not facts["h1"] or not facts["title"].startswith(facts["h1"]):
        problems.append(f"title {facts['title']!r} does not start with the heading {facts['h1']!r}")
    for img in facts["images"]:
        name = Path(urllib.parse.urlparse(img["src"]).path).name
        if img["width"] == 0:
            problems.append(f"image {name} did not load")
        if img["article"] and (not img["alt"].strip() or img["alt"].endswith(name)):
            problems.append(f"image {name} has no alt text (alt={img['alt']!r})")
    problems += [f"broken link {b}" for b in broken_links(facts["links"], base)]
    if page.startswith("book/"):
        colab = [link for link in facts["links"] if link.startswith("https://colab.research")]
        if colab != [colab_url(page)]:
            problems.append(f"Colab link {colab}, expected {colab_url(page)}")
    if facts["maths"]:
        if status != "ok":
            problems.append(f"MathJax: {status}")
        problems += [f"equation not rendered: {t[:80]!r}" for t in facts["unrendered"]]
        problems += [f"TeX error: {e}" for e in facts["tex_errors"]]
        if facts["raw_tex"]:
            problems.append(f"{facts['raw_tex']} raw \\( or \\[ left in the text")
    problems += [f"JavaScript: {e}" for e in js_errors(browser, base)]

    contrast = {"light": browser.execute_script(LEGIBILITY)}
    shots = OUT / "screenshots"
    shots.mkdir(exist_ok=True)
    slug = page.replace("/", "_")
    if page in SCREENSHOT_PAGES:
        screenshots(browser, shots / slug, "light")
    open_page(browser, url, "dark")
    contrast["dark"] = browser.execute_script(LEGIBILITY)
    problems += [f"JavaScript in dark mode: {e}" for e in js_errors(browser, base)]
    if page in SCREENSHOT_PAGES:
        screenshots(browser, shots / slug, "dark")
    if not (contrast["light"]["page"] > 0.8 and contrast["dark"]["page"] < 0.1):
        problems.append(f"the page is not light, then dark: {contrast}")
    for mode, seen in contrast.items():
        if seen["worst"] and seen["worst"]["ratio"] < 4.5:
            worst = seen["worst"]
            problems.append(f"{mode} mode: contrast {worst['ratio']:.1f} < 4.5 in {worst['what']}")

    word = search_word(facts["h1"])
    browser.get(f"{base}search.html?q={urllib.parse.quote(word)}")
    found = browser.execute_async_script(
        """
        const done = arguments[arguments.length - 1], start = Date.now();
        (function poll() {
          const summary = document.querySelector('#search-results .search-summary');
          if (summary && /found/i.test(summary.textContent) || Date.now() - start > 20000)
            return done(Array.from(document.querySelectorAll('#search-results li a'))
                             .map((a) => a.href));
          setTimeout(poll, 50);
        })();
        """
    )
    if not any(urllib.parse.urlparse(h).path.endswith(f"/{page}.html") for h in found):
        problems.append(f"search for {word!r} did not find the page ({len(found)} results)")
    problems += [f"JavaScript on search: {e}" for e in js_errors(browser, base)]

    html = (site["html"] / f"{page}.html").read_text()
    html_bytes = len(html.encode())
    for heavy in ("application/vnd.jupyter.widget-state+json", "html-manager", "require.min.js"):
        if heavy in html:
            problems.append(f"widget state or its CDN scripts on the page ({heavy})")
    if html_bytes > MAX_PAGE_BYTES:
        problems.append(f"the page's HTML is {html_bytes:,} bytes (budget {MAX_PAGE_BYTES:,})")
    site["report"]["pages"][page] = {
        "html_bytes": html_bytes,
        "images": len(facts["images"]),
        "equations": facts["maths"],
        "internal_links": len({link for link in facts["links"] if link.startswith(base)}),
        "worst_contrast": {
            k: v["worst"] and round(v["worst"]["ratio"], 1) for k, v in contrast.items()
        },
        "search": word,
    }
    assert not problems, f"{page}:\n  " + "\n  ".join(problems)


def test_figures_stay_visible_on_a_dark_page(site):
    """Transparent figures would vanish on the dark theme: every figure has an opaque backdrop."""
    from PIL import Image

    see_through = []
    for png in sorted((site["html"] / "_images").glob("*.png")):
        with Image.open(png) as im:
            rgba = im.convert("RGBA")
            w, h = rgba.size
            corners = [
                rgba.getpixel(xy)[3] for xy in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1)]
            ]
        if min(corners) < 255:
            see_through.append(png.name)
    assert not see_through, f"figures with a transparent background: {see_through}"
