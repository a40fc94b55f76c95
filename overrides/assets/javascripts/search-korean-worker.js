/* Korean-aware, language-scoped search: the part that runs in Material's
 * search worker. hooks/search_korean.py appends this file to the built
 * assets/javascripts/lunr/min/lunr.multi.min.js, the last lunr-languages
 * script Material's worker imports (site languages: en, ko), so it runs in
 * the worker (or in iframe-worker's frame from file://) before the index is
 * built. It wraps lunr.Index.prototype.search; Material's UI, ranking boosts,
 * keyboard handling and highlighting are untouched. See the hook's docstring
 * for the design. */
(function (lunr) {
  "use strict"
  if (typeof lunr === "undefined" || lunr.Index.prototype.__korean) return

  /* The page's language, which search-scope.js puts on the first document
   * as `scope`; null (no scoping) without it. */
  var scope = null
  var HANGUL = /[\uac00-\ud7a3]/

  /* Particles (조사) and common endings, longest first. A term loses at most
   * one, and only if two syllables remain (평가, 증가 keep their 가). */
  var ENDINGS = (
    "에서는 에서도 으로는 으로도 이라는 이라고 이라면 입니다 합니다 " +
    "에서 에게 까지 부터 보다 처럼 만큼 마다 이란 이나 이며 이고 이다 " +
    "과의 와의 에는 에도 으로 라는 라고 란 하는 하고 하면 하기 하여 해서 " +
    "된 되는 되고 한 할 은 는 이 가 을 를 의 와 과 로 에 도 만 나"
  ).split(" ").sort(function (a, b) { return b.length - a.length })

  function strip(term) {
    for (var i = 0; i < ENDINGS.length; i++) {
      var e = ENDINGS[i]
      if (term.length - e.length >= 2 && term.slice(-e.length) === e)
        return term.slice(0, -e.length)
    }
    return term
  }

  /* Sorted index terms, for "is some indexed term prefixed by s?" */
  function keys(index) {
    if (!index.__keys) index.__keys = Object.keys(index.invertedIndex).sort()
    return index.__keys
  }
  function known(sorted, s) {
    var lo = 0, hi = sorted.length
    while (lo < hi) {
      var mid = (lo + hi) >>> 1
      if (sorted[mid] < s) lo = mid + 1; else hi = mid
    }
    return lo < sorted.length && sorted[lo].lastIndexOf(s, 0) === 0
  }

  /* Split an unspaced compound (경사하강법) greedily into the longest
   * pieces the index knows (경사, 하강법), as Material segments Chinese. */
  function segment(sorted, term) {
    var pieces = []
    for (var i = 0; i < term.length;) {
      var j = term.length
      while (j > i && !known(sorted, term.slice(i, j))) j--
      if (j === i) return null
      pieces.push(strip(term.slice(i, j)))
      i = j
    }
    return pieces
  }

  /* The forms a Hangul query term is searched as: itself if indexed, without
   * its particle, and its compound pieces. */
  function expand(sorted, term) {
    if (!HANGUL.test(term)) return [term]
    /* A particle left alone by the separator (AdamW와 gives AdamW, 와) or a
     * Korean stop word: the index dropped it (lunr.ko's stop word filter),
     * but lunr.multi's query pipeline has no stop word filter. */
    if (ENDINGS.indexOf(term) >= 0 || (lunr.ko && !lunr.ko.stopWordFilter(term)))
      return []
    var forms = []
    var stem = strip(term)
    if (known(sorted, term)) forms.push(term)
    if (stem !== term && known(sorted, stem)) forms.push(stem)
    var pieces = segment(sorted, stem)
    if (pieces) forms = forms.concat(pieces)
    forms = forms.filter(function (f, k) { return forms.indexOf(f) === k })
    return forms.length ? forms : [term]
  }

  /* Titles of the indexed documents (pages and sections), normalized, for
   * ranking the page or section whose title is the query first. */
  var titles = {}
  function normalize(text) {
    return String(text || "").replace(/<[^>]*>/g, "").toLowerCase()
      .replace(/[\s\-,:;!?=\[\]()"'\/|.`]+/g, "")
  }
  var add = lunr.Builder.prototype.add
  lunr.Builder.prototype.add = function (doc) {
    titles[doc[this._ref]] = normalize(doc.title)
    if (doc.scope) scope = doc.scope
    return add.apply(this, arguments)
  }

  var TERM = /^([+-]?)((?:title|text|tags):)?(.*?)(\*?)$/
  var search = lunr.Index.prototype.search

  lunr.Index.prototype.search = function (query) {
    var index = this, sorted = keys(this)
    var originals = []                       /* [Material's term, its forms] */
    var parts = []
    /* Material hands lunr "cross-validation*" for cross-validation, which
     * lunr's lexer splits at the hyphen into Material's terms: split alike. */
    var terms = []
    query.split(/\s+/).forEach(function (part) {
      var m = TERM.exec(part)
      m[3].split(/-+/).forEach(function (core) {
        core = core.toLowerCase()
        if (core && !terms.some(function (t) { return t[0] === core }))
          terms.push([core, m])
      })
    })
    terms.forEach(function (pair) {
      var core = pair[0], m = pair[1]
      var forms = expand(sorted, core)
      originals.push([core, forms])
      if (m[1] === "+" && forms.length > 1 && forms[0] === core) forms = [forms[0]]
      /* lunr skips its pipeline for a term with a wildcard, and Material
       * gives every term one, so the index holds stems (optim) that the
       * query (optimizers*) never reaches: stem here, as the index did. A
       * stop word stems to nothing and is dropped. */
      forms.forEach(function (f) {
        index.pipeline.runString(f).forEach(function (t) {
          parts.push(m[1] + (m[2] || "") + t + m[4])
        })
      })
    })
    if (!parts.length) return []
    var results = search.call(this, parts.join(" "))

    /* Scope: only the page's language (Korean for a query in Hangul),
     * unless it has no match at all. */
    if (scope) {
      var korean = scope === "ko" || HANGUL.test(query)
      var same = results.filter(function (r) {
        return (r.ref.lastIndexOf("ko/", 0) === 0) === korean
      })
      if (same.length) results = same
    }

    /* A title that is the query, with or without spaces and particles, ranks
     * first: Material sorts by lunr's score (times its own boosts). */
    var whole = normalize(originals.map(function (pair) { return pair[0] }).join(""))
    var bare = normalize(originals.map(function (pair) { return strip(pair[0]) }).join(""))
    if (whole) results.forEach(function (r) {
      var title = titles[r.ref]
      if (title === whole || title === bare) r.score *= 100
    })

    /* Material marks a query term "missing" from a result unless a matched
     * index term starts with it; a term searched as other forms (a stem,
     * compound pieces, a dropped particle) gets an empty entry (no
     * positions, so no highlight) on the results that matched its forms. */
    originals.forEach(function (pair) {
      var core = pair[0], processed = []
      pair[1].forEach(function (f) {
        processed = processed.concat(index.pipeline.runString(f))
      })
      results.forEach(function (r) {
        var meta = r.matchData.metadata
        if (core in meta) return
        var hit = !processed.length || Object.keys(meta).some(function (key) {
          return processed.some(function (p) { return key.lastIndexOf(p, 0) === 0 })
        })
        if (hit) meta[core] = {}
      })
    })
    return results
  }
  lunr.Index.prototype.__korean = true
})(self.lunr)
