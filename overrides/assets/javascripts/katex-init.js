// Typeset math with the vendored KaTeX. Material fires document$ on every page
// load, so this runs once per page.
document$.subscribe(function () {
  // Markdown pages: pymdownx.arithmatex (generic) leaves \( \) and \[ \]
  // inside elements of class "arithmatex".
  document.querySelectorAll(".arithmatex").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "\\(", right: "\\)", display: false },
        { left: "\\[", right: "\\]", display: true },
      ],
      throwOnError: false,
    });
  });
  // Notebook pages: Markdown cells keep Jupyter's $ and $$ delimiters.
  document.querySelectorAll(".jp-RenderedMarkdown").forEach(function (element) {
    renderMathInElement(element, {
      delimiters: [
        { left: "$$", right: "$$", display: true },
        { left: "$", right: "$", display: false },
      ],
      throwOnError: false,
    });
  });
  // Done: the browser tests wait for this mark instead of a fixed delay.
  document.body.setAttribute("data-math", "typeset");
});
