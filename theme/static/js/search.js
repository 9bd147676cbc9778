// Start Pagefind's search UI, which the build wrote into <site root>/pagefind/.
// The site root comes from the page itself, so the search works under any subpath.
window.addEventListener("DOMContentLoaded", function () {
  var element = document.getElementById("search");
  if (!element || typeof PagefindUI === "undefined") {
    return;
  }
  var root = new URL(element.dataset.siteRoot || "./", window.location.href);
  var ui = new PagefindUI({
    element: "#search",
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
});
