/* Interactive figures (hooks/interactive.py puts them in the page).
 *
 * Every number drawn here was computed at build time by the tested code of
 * `snippets` (snippets/figures/interactive.py) and sits in the page as JSON:
 * a slider only picks which precomputed drawing to show. No math here.
 * Without JavaScript the static figure in the same placeholder stays. */
(function () {
  "use strict"

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return values[name] })
  }

  function setup(box) {
    var script = box.querySelector("script.interactive-data")
    var live = box.querySelector(".interactive-live")
    if (!script || !live || box.classList.contains("is-live")) return
    var data = JSON.parse(script.textContent)
    var svg = live.querySelector("svg")
    var inputs = {}
    data.controls.forEach(function (control) {
      inputs[control.id] = live.querySelector('input[data-control="' + control.id + '"]')
    })
    function index(name) { return Number(inputs[name].value) }
    function label(control) {
      return control.values.length ? control.values[index(control.id)] : String(index(control.id))
    }
    function show() {
      data.controls.forEach(function (control) {
        var text = label(control)
        inputs[control.id].setAttribute("aria-valuetext", text)
        inputs[control.id].nextElementSibling.textContent = text
      })
    }
    var draw = data.kind === "conv" ? drawConv : drawLayers
    function redraw() {
      draw(data, svg, inputs, index, label)
      show()
    }
    live.addEventListener("input", redraw)
    redraw()
    live.hidden = false
    box.classList.add("is-live")
  }

  // The drawing of each layer is the markup precomputed for the indices of
  // the sliders it depends on.
  function drawLayers(data, svg, inputs, index) {
    var groups = svg.querySelectorAll("g.layer")
    data.layers.forEach(function (layer, i) {
      var key = layer.keys.map(index).join(",")
      groups[i].innerHTML = layer.frames[key] || ""
    })
  }

  function cell(x, y, size, kind) {
    return '<rect class="' + kind + '" x="' + x + '" y="' + y + '" width="' + size +
      '" height="' + size + '"/>'
  }

  function number(x, y, value, kind) {
    return '<text class="' + kind + '" x="' + x + '" y="' + y +
      '" text-anchor="middle" dominant-baseline="central">' + value + "</text>"
  }

  // The convolution: the padded input, conv2d's output, and the window of
  // the chosen output cell (the input rows and columns that conv2d_backward
  // found it reads), all looked up in the precomputed frame.
  function drawConv(data, svg, inputs, index, label) {
    var names = ["size", "kernel", "padding", "stride", "dilation"]
    var frame = data.frames[names.map(index).join(",")]
    var grid = data.inputs[index("size") + "," + index("padding")]
    var values = {}
    data.controls.forEach(function (control) { values[control.id] = label(control) })
    var parts = []
    grid.forEach(function (row, r) {
      row.forEach(function (value, c) {
        var pad = value === null
        parts.push(cell(data.inputX[c], data.rowY[r], data.cell, pad ? "cell pad" : "cell"))
        parts.push(number(data.inputMiddle[c], data.rowMiddle[r], pad ? 0 : value,
                          pad ? "digit pad" : "digit"))
      })
    })
    var status
    var ok = frame.output !== undefined
    ;["row", "col"].forEach(function (name) {
      inputs[name].disabled = !ok
      inputs[name].max = ok ? frame.taps.length - 1 : 0
    })
    if (ok) {
      var i = index("row"), j = index("col")
      frame.output.forEach(function (row, r) {
        row.forEach(function (value, c) {
          var hit = r === i && c === j
          parts.push(cell(data.outputX[c], data.rowY[r], data.cell, hit ? "cell hit" : "cell"))
          parts.push(number(data.outputMiddle[c], data.rowMiddle[r], value, "digit"))
        })
      })
      frame.taps[i].forEach(function (r) {
        frame.taps[j].forEach(function (c) {
          parts.push(cell(data.inputX[c], data.rowY[r], data.cell, "cell win"))
        })
      })
      values.out = frame.out
      status = fill(data.formula, values) + ";  y[" + i + ", " + j + "] = " + frame.output[i][j]
    } else {
      status = fill(data.error, frame)
    }
    parts.push('<text class="status" x="' + data.inputX[0] + '" y="' + data.statusY + '">' +
               status + "</text>")
    svg.querySelector("g.layer").innerHTML = parts.join("")
  }

  function setupAll() {
    document.querySelectorAll(".interactive[data-figure]").forEach(setup)
  }
  if (window.document$) window.document$.subscribe(setupAll)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setupAll)
  else setupAll()
})()
