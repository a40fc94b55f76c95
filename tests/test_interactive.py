"""Interactive figures: their data is what the tested code computes, a page's
JavaScript and data stay small, the sliders are labelled in both languages,
and in a real browser each slider redraws its figure with no outside request.

The data is read back from the built pages (the inline JSON that
``hooks/interactive.py`` writes) and compared with the tested functions run
again here, rounded to the figure's units as the build rounds them.
"""

import html
import json
import re
import sys

import numpy as np
import pytest

from helpers import DOCS, ROOT, doc_pages

sys.path.insert(0, str(ROOT / "hooks"))
import interactive as hook  # noqa: E402

from snippets import optimizers as optim  # noqa: E402
from snippets.conv import conv2d, conv_output_size  # noqa: E402
from snippets.figures import interactive as fig  # noqa: E402
from snippets.figures.generalization import NOISE, _fixed_design, truth  # noqa: E402
from snippets.figures.optimizers import LEARNING_RATES  # noqa: E402
from snippets.generalization import bias_variance, fit_polynomial  # noqa: E402
from snippets.gd_methods import gradient_descent  # noqa: E402
from snippets.landscapes import quadratic, quadratic_grad  # noqa: E402

PAGES = {  # figure key: the page that shows it
    "gd-lr": "basics/gradient-descent",
    "optim-paths": "optimizers/comparison",
    "conv-window": "cnn/conv2d",
    "bias-variance": "generalization/bias-variance",
}
HANGUL = re.compile("[\uac00-\ud7a3]")
BUDGET = 150_000  # bytes of JavaScript and data a page's interactive figures may add


def placeholders(lang):
    """Figure keys of every placeholder in the sources of one language."""
    found = {}
    for rel in doc_pages(lang, suffixes=(".md",)):
        text = (DOCS / lang / rel).read_text(encoding="utf-8")
        for key in re.findall(r'<div class="interactive" data-figure="([\w-]+)" markdown>', text):
            found[key] = rel.with_suffix("").as_posix()
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_figure_has_one_placeholder_wrapping_a_static_figure(lang):
    assert placeholders(lang) == PAGES
    assert set(fig.FIGURES) == set(PAGES)
    for key, page in PAGES.items():
        text = (DOCS / lang / f"{page}.md").read_text(encoding="utf-8")
        block = re.search(rf'<div class="interactive" data-figure="{key}" markdown>\n(.*?)</div>',
                          text, re.S)
        assert block and re.fullmatch(r"!\[[^\]]+\]\(\.\./figures/\w+\.svg\)\n", block.group(1))


def test_unknown_figure_is_a_value_error():
    with pytest.raises(ValueError, match="key must be one of"):
        fig.figure("no-such-figure", "en")


def test_code_key_follows_imported_snippets():
    """The data is computed again when code it imports changes."""
    files = set()
    todo = [hook.MODULE]
    while todo:
        path = todo.pop()
        if path not in files:
            files.add(path)
            todo.extend(hook._snippets_imports(path))
    for name in ("gd_methods", "landscapes", "optimizers", "conv", "generalization"):
        assert ROOT / "snippets" / f"{name}.py" in files


def test_data_is_cached_by_its_code_key(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(hook, "CACHE", tmp_path / "interactive.json")
    monkeypatch.setattr(hook, "_memory", {})
    monkeypatch.setattr(fig, "figure", lambda key, lang: calls.append(key) or {"n": len(calls)})
    monkeypatch.setattr(hook, "code_key", lambda: "one")
    assert hook.figure_data("gd-lr", "en") == {"n": 1}
    hook._memory.clear()
    assert hook.figure_data("gd-lr", "en") == {"n": 1} and calls == ["gd-lr"]
    hook._memory.clear()
    monkeypatch.setattr(hook, "code_key", lambda: "two")
    assert hook.figure_data("gd-lr", "en") == {"n": 2}


# --- the built pages ----------------------------------------------------------


def built_page(site, key, lang):
    prefix = "" if lang == "en" else "ko/"
    return (site / f"{prefix}{PAGES[key]}.html").read_text(encoding="utf-8")


def page_data(site, key, lang):
    """The JSON data of figure ``key`` on its built page."""
    page = built_page(site, key, lang)
    block = re.search(rf'<div class="interactive" data-figure="{key}">(.*?)'
                      r'<script type="application/json" class="interactive-data">(.*?)</script>',
                      page, re.S)
    assert block, f"no data for {key} on its {lang} page"
    return json.loads(block.group(2))


def points(path_data):
    """The integer vertices of path data ``M x y l dx dy ...`` (polyline)."""
    first, _, steps = path_data[1:].partition("l")
    numbers = [int(v) for v in first.split()] + [int(v) for v in steps.split()]
    return np.cumsum(np.array(numbers).reshape(-1, 2), axis=0)


def assert_drawn_from(drawn, panel, path):
    """``drawn`` keeps the first and last point of ``path`` in the panel's
    units and, in between, only points of it, in order (a simplified line)."""
    exact = np.column_stack([panel.x(path[:, 0]), panel.y(path[:, 1])])
    assert (drawn[0] == exact[0]).all() and (drawn[-1] == exact[-1]).all()
    i = 0
    for point in drawn:
        while i < len(exact) and not (exact[i] == point).all():
            i += 1
        assert i < len(exact), f"{point} is not a point of the path"


@pytest.mark.slow
def test_gradient_descent_data_is_gradient_descent(built_site):
    frames = page_data(built_site.site, "gd-lr", "en")["layers"][0]["frames"]
    lrs = page_data(built_site.site, "gd-lr", "en")["controls"][0]["values"]
    assert len(frames) == len(lrs) == 22
    for index, label in enumerate(lrs):
        path = gradient_descent(quadratic_grad, x0=[-2.0, 1.0], lr=float(label), steps=60)
        line, dots, loss = re.findall(r' d="([^"]+)"', frames[str(index)])
        exact = np.column_stack([fig.GD_PATHS.x(path[:, 0]), fig.GD_PATHS.y(path[:, 1])])
        assert (points(line) == exact).all()  # every step, unsimplified
        losses = np.column_stack([np.arange(61), np.log10(quadratic(path))])
        assert_drawn_from(points(loss), fig.GD_LOSSES, losses)
        assert f"{quadratic(path[-1]):.3g}</text>" in frames[str(index)]
    # the slider reaches all three regimes of the page: below, at and past 2/L
    assert {"0.02", "0.1", "0.19", "0.2", "0.21"} <= set(lrs)


OPTIM_CLASSES = {"c0": "SGD", "c1": "Momentum", "c2": "Nesterov", "c3": "RMSprop", "c4": "Adam"}


def optimizer_run(name, problem, factor, beta):
    """Path of the optimizer as the figure means it, from ``trajectory``."""
    cls, extra = {
        "SGD": (optim.SGD, {}), "RMSprop": (optim.RMSprop, {}),
        "Momentum": (optim.SGD, {"momentum": beta}),
        "Nesterov": (optim.SGD, {"momentum": beta, "nesterov": True}),
        "Adam": (optim.Adam, {"betas": (beta, 0.999)}),
    }[name]
    with np.errstate(all="ignore"):
        path = optim.trajectory(cls, problem.grad, problem.x0, problem.steps,
                                lr=factor * LEARNING_RATES[name][fig.OPTIM_PROBLEMS.index(problem)],
                                **extra)
    inside = np.all(np.isfinite(path) & (np.abs(path) < 10), axis=1)
    return path if inside.all() else path[:int(np.argmin(inside)) + 1]


@pytest.mark.slow
def test_optimizer_data_is_trajectory(built_site):
    data = page_data(built_site.site, "optim-paths", "en")
    factors = [float(v.lstrip("× ")) for v in data["controls"][0]["values"]]
    betas = [float(v) for v in data["controls"][1]["values"]]
    plain, with_beta = (layer["frames"] for layer in data["layers"])
    assert len(plain) == len(factors) and len(with_beta) == len(factors) * len(betas)
    # every setting on the bowl; on Rosenbrock (1000 steps) the default and
    # the extremes of each slider
    start_lr, start_beta = (control["start"] for control in data["controls"])
    rosenbrock = {(i, j) for i in (0, start_lr, len(factors) - 1)
                  for j in (0, start_beta, len(betas) - 1)}
    for key, markup in [*plain.items(), *with_beta.items()]:
        i, j = (int(v) for v in f"{key},{start_beta}".split(",")[:2])
        runs = re.findall(r'optim-clip-(\d)\)"><path class="line (c\d)" d="([^"]+)"', markup)
        ends = re.findall(r'x="400" y="\d+">([^<]+)</text>', markup)
        assert len(runs) == 2 * len(ends) and ends
        for (panel_index, cls, drawn), end in zip(runs, [e for e in ends for _ in (0, 1)]):
            problem_index = int(panel_index)
            if problem_index == 1 and (i, j) not in rosenbrock:
                continue
            problem = fig.OPTIM_PROBLEMS[problem_index]
            path = optimizer_run(OPTIM_CLASSES[cls], problem, factors[i], betas[j])
            assert_drawn_from(points(drawn), fig.OPTIM_PANELS[problem_index], path)
            finished = len(path) == problem.steps + 1
            expected = f"{problem.f(path[-1]):.3g}" if finished else "diverged"
            assert end.split(" | ")[problem_index] == expected


@pytest.mark.slow
def test_convolution_data_is_conv2d_and_conv_output_size(built_site):
    data = page_data(built_site.site, "conv-window", "en")
    sizes, kernels, paddings, strides, dilations = (
        [int(v) for v in control["values"]] for control in data["controls"][:5])
    image = fig.CONV_IMAGE
    checked = 0
    for a, size in enumerate(sizes):
        for c, padding in enumerate(paddings):
            grid = np.array(data["inputs"][f"{a},{c}"], dtype=object)
            assert (grid[padding:padding + size, padding:padding + size] == image[:size, :size]).all()
            assert np.count_nonzero(grid == None) == (size + 2 * padding) ** 2 - size**2  # noqa: E711
            for b, kernel in enumerate(kernels):
                for d, stride in enumerate(strides):
                    for e, dilation in enumerate(dilations):
                        frame = data["frames"][f"{a},{b},{c},{d},{e}"]
                        span = dilation * (kernel - 1) + 1
                        if span > size + 2 * padding:
                            with pytest.raises(ValueError):
                                conv_output_size(size, kernel, stride, padding, dilation)
                            assert frame == {"span": span, "padded": size + 2 * padding}
                            continue
                        out = conv_output_size(size, kernel, stride, padding, dilation)
                        output = conv2d(image[None, None, :size, :size], np.ones((1, 1, kernel, kernel)),
                                        stride=stride, padding=padding, dilation=dilation)
                        assert frame["out"] == out
                        assert frame["output"] == output[0, 0].tolist()
                        # equation (1) of the page: output i reads rows S i + D p
                        assert frame["taps"] == [[stride * i + dilation * p for p in range(kernel)]
                                                 for i in range(out)]
                        checked += 1
    assert checked > 300


@pytest.mark.slow
def test_bias_variance_data_is_the_simulation(built_site):
    data = page_data(built_site.site, "bias-variance", "en")
    frames = data["layers"][0]["frames"]
    x_train, x_test = _fixed_design()
    assert [int(v) for v in data["controls"][0]["values"]] == list(range(13))
    for degree in range(13):
        markup = frames[str(degree)]
        drawn = re.findall(r'<path class="fit" d="([^"]+)"', markup)
        rng = np.random.default_rng(degree)
        fits = []
        for line in drawn:
            y = truth(x_train) + NOISE * rng.standard_normal(len(x_train))
            fits.append(np.clip(fit_polynomial(x_train, y, degree)(fig.BV_GRID), -3, 3))
            assert_drawn_from(points(line), fig.BV_FITS_PANEL, np.column_stack([fig.BV_GRID, fits[-1]]))
        assert len(drawn) == 20
        average = re.search(r'<path class="line c0" d="([^"]+)"', markup).group(1)
        assert_drawn_from(points(average), fig.BV_FITS_PANEL,
                          np.column_stack([fig.BV_GRID, np.mean(fits, axis=0)]))
        terms = bias_variance(lambda x, y: fit_polynomial(x, y, degree), truth, x_train, x_test,
                              NOISE, 400, np.random.default_rng(degree))
        labels = re.findall(r'<text class="tick"[^>]*>([^<]+)</text>', markup)
        assert labels == [f"{terms[name]:.3g}" for name in ("bias2", "variance", "noise", "error")]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", list(PAGES))
def test_page_budget_and_labelled_sliders(built_site, key, lang):
    page = built_page(built_site.site, key, lang)
    script = (built_site.site / "assets" / "javascripts" / "interactive.js").read_bytes()
    added = "".join(re.findall(r'<div class="interactive-live".*?</script>', page, re.S))
    assert len(script) + len(added.encode()) <= BUDGET
    sliders = re.findall(r'<input type="range" id="([\w-]+)"', page)
    assert sliders
    for ident in sliders:
        label = re.search(rf'<label for="{ident}">([^<]+)</label>', page)
        assert label and label.group(1).strip()
        assert bool(HANGUL.search(html.unescape(label.group(1)))) == (lang == "ko")


# --- a real browser -------------------------------------------------------------


# Each figure in one language (both languages among them; a page load costs
# seconds): the labels of every page are checked above without a browser.
BROWSER_CASES = [("gd-lr", "ko"), ("optim-paths", "en"), ("conv-window", "ko"), ("bias-variance", "en")]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("key,lang", BROWSER_CASES)
def test_each_slider_redraws_its_figure_from_file(visit, key, lang):
    """Every slider, moved with the keyboard and found by its accessible
    name, redraws the figure; ``visit`` fails on any request outside the
    site or any error in the page."""
    page = visit.open(("" if lang == "en" else "ko/") + PAGES[key] + ".html")
    box = page.locator(f'.interactive[data-figure="{key}"]')
    box.locator(".interactive-live").wait_for(state="visible")
    assert box.locator("p img").is_hidden()  # the static figure gives way
    data = page_data(visit.site, key, lang)
    drawing = box.locator("svg.interactive-svg")
    for control in data["controls"]:
        slider = page.get_by_role("slider", name=control["label"], exact=True)
        assert slider.count() == 1
        before = drawing.inner_html()
        value, text = slider.input_value(), slider.get_attribute("aria-valuetext")
        slider.focus()
        forward, back = "ArrowRight", "ArrowLeft"
        slider.press(forward)
        if slider.input_value() == value:  # already at its end: the other way
            forward, back = back, forward
            slider.press(forward)
        assert slider.input_value() != value
        assert drawing.inner_html() != before, f"{control['id']} did not redraw"
        assert slider.get_attribute("aria-valuetext") != text
        slider.press(back)  # back to the start, so the next slider has room to move
        assert drawing.inner_html() == before


@pytest.mark.slow
@pytest.mark.browser
def test_without_javascript_the_static_figure_stays(browser, built_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto((built_site.site / "cnn/conv2d.html").as_uri())
        box = page.locator('.interactive[data-figure="conv-window"]')
        assert box.locator("p img").is_visible()
        assert box.locator(".interactive-live").is_hidden()
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_figure_works_from_a_server(browser, built_site):
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=built_site.site))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    outside = []
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin)
                  else (outside.append(route.request.url), route.abort()))
    try:
        page = context.new_page()
        page.goto(f"{origin}/{PAGES['gd-lr']}.html")
        slider = page.get_by_role("slider", name="learning rate η")
        slider.wait_for(state="visible")
        drawing = page.locator("svg.interactive-svg")
        before = drawing.inner_html()
        slider.focus()
        slider.press("ArrowRight")
        assert drawing.inner_html() != before
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert outside == []
