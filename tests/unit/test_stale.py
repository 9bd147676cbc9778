"""stale.py: the names of the files a build made, as the list of made files stores them."""
from pathlib import Path

from pelican.utils import sanitised_join

from plugins.digest.stale import relative_name


def test_relative_name_is_the_paths_name_in_the_output_folder(tmp_path):
    site = tmp_path / "output"
    names = ["index.html", "a/b/index.html", "feeds/all.atom.xml", "x/../y.html", "./z.json"]
    paths = [sanitised_join(str(site), name) for name in names]
    name = relative_name(str(site))
    assert [name(path) for path in paths] == [Path(path).relative_to(site).as_posix() for path in paths]
    assert [name(path) for path in paths] == ["index.html", "a/b/index.html", "feeds/all.atom.xml", "y.html",
                                              "z.json"]
    assert relative_name(str(site) + "/")(paths[1]) == "a/b/index.html"  # a folder given with its slash
