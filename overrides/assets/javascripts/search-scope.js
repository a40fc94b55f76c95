/* Tell Material's search worker which language the page is in, so that a
 * search on a Korean page lists Korean pages and one on an English page
 * English pages (search-korean-worker.js does the scoping). Material sends
 * each query as {type: 2 (QUERY), data: "the query"}; this appends one marker
 * term, U+2063 + the page's language, which the worker removes again. The
 * patch is on the prototype of Worker, which from file:// is iframe-worker's
 * shim, so it holds whenever Material's worker was created. */
(function () {
  "use strict"
  var lang = (document.documentElement.lang || "en").slice(0, 2)
  var proto = window.Worker && window.Worker.prototype
  if (!proto || proto.__searchScope) return
  var post = proto.postMessage
  proto.postMessage = function (message) {
    if (message && message.type === 2 && typeof message.data === "string" && message.data.trim()) {
      var args = Array.prototype.slice.call(arguments)
      args[0] = { type: 2, data: message.data + " \u2063" + lang }
      return post.apply(this, args)
    }
    return post.apply(this, arguments)
  }
  proto.__searchScope = true
})()
