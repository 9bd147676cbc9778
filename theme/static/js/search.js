// Start Pagefind's search UI over the index shards the build wrote into <site root>/pagefind/.
// The build lists the shards in pagefind/shards.json; the first is the UI's own index and the
// others are merged into it, so one search (and the outlet and summit filters) covers them all.
// The site root comes from the page itself, so the search works under any subpath.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(element.dataset.siteRoot || "./", window.location.href);
  var bundleRoot = root.pathname + "pagefind/";
  fetch(bundleRoot + "shards.json", { cache: "no-cache" })
    .then(function (response) {
      if (!response.ok) {
        throw new Error("pagefind/shards.json: HTTP " + response.status);
      }
      return response.json();
    })
    .then(function (list) {
      var bundles = list.bundles.map(function (path) { return bundleRoot + path; });
      if (!bundles.length) {
        return;
      }
      var ui = new PagefindUI({
        element: "#search",
        bundlePath: bundles[0],
        mergeIndex: bundles.slice(1).map(function (path) {
          return { bundlePath: path, baseUrl: root.pathname };
        }),
        baseUrl: root.pathname,
        showSubResults: false,
        showImages: false,
        resetStyles: false,
        translations: { placeholder: "Search articles" }
      });
      var query = new URLSearchParams(window.location.search).get("q");
      if (query) {
        ui.triggerSearch(query);
      }
    })
    .catch(function (error) {
      console.error("Search is unavailable:", error);
    });
});
