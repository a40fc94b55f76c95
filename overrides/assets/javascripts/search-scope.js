/* Tell Material's search worker which language the page is in, so that a
 * search on a Korean page lists Korean pages and one on an English page
 * English pages (search-korean-worker.js does the scoping). Material sets up
 * its worker, once per page load, with {type: 0 (SETUP), data: {config, docs,
 * options}}; this adds the page's language as `scope` to a copy of the first
 * document, where the worker reads it while lunr indexes the documents. The
 * patch is on the prototype of Worker, which from file:// is iframe-worker's
 * shim, so it holds whenever Material's worker was created. (With
 * navigation.instant, which this site does not use, the worker would outlive
 * a change of language.) */
(function () {
  "use strict"
  var lang = (document.documentElement.lang || "en").slice(0, 2)
  var proto = window.Worker && window.Worker.prototype
  if (!proto || proto.__searchScope) return
  var post = proto.postMessage
  proto.postMessage = function (message) {
    var data = message && message.type === 0 && message.data
    if (data && data.docs && data.docs.length) {
      var docs = data.docs.slice()
      docs[0] = Object.assign({}, docs[0], { scope: lang })
      var args = Array.prototype.slice.call(arguments)
      args[0] = { type: 0, data: Object.assign({}, data, { docs: docs }) }
      return post.apply(this, args)
    }
    return post.apply(this, arguments)
  }
  proto.__searchScope = true
})()
