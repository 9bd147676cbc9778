// Start Pagefind's search UI over the index shards the build wrote into <site root>/pagefind/.
// The build lists the shards in pagefind/shards.json. The first shard is the UI's own index; the
// others are merged into it (Pagefind's mergeIndex), so one search and the outlet and summit
// filters cover them all. The merges run here, all at once, before the UI starts: the UI's own
// mergeIndex option merges one shard after another, a round trip each. The UI imports the same
// pagefind.js module (same URL), so it searches the merged instance.
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
      return import(bundles[0] + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: root.pathname })
          .then(function () {
            return Promise.all(bundles.slice(1).map(function (path) {
              return pagefind.mergeIndex(path, { baseUrl: root.pathname });
            }));
          })
          .then(function () { startUI(bundles[0], root.pathname); });
      });
    })
    .catch(function (error) {
      console.error("Search is unavailable:", error);
    });
});

function startUI(bundlePath, baseUrl) {
  var ui = new PagefindUI({
    element: "#search",
    bundlePath: bundlePath,
    baseUrl: baseUrl,
    showSubResults: false,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: "Search articles" }
  });
  var query = new URLSearchParams(window.location.search).get("q");
  if (query) {
    ui.triggerSearch(query);
  }
}
