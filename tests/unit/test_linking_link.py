"""The whole linking pass on plain docs: copies follow their original, dates are inferred, nothing is forced."""
from datetime import date
from pathlib import Path

from digest.linking.catalogue import load
from digest.linking.link import link
from digest.linking.model import Doc

FIXTURES = Path(__file__).parents[1] / "fixtures" / "linking" / "summits"


def fixture_doc(name: str, **fields) -> Doc:
    title, _, body = (FIXTURES / name).read_text(encoding="utf-8").partition("\n")
    return Doc(name, title.strip(), body.strip(), **fields)


def test_summits_copies_and_inferred_dates():
    preview = fixture_doc("preview.txt")
    copy = Doc("copy.txt", "", preview.text + "\nSource link")
    followup = fixture_doc("followup.txt")
    result = link([preview, copy, followup], load(FIXTURES / "catalogue.yaml"))
    assert result.duplicate_of == {"copy.txt": "preview.txt"}
    assert result.event_of == {"preview.txt": "lisbon-2022", "copy.txt": "lisbon-2022", "followup.txt": "call-2022-09"}
    assert result.dates["preview.txt"].date == date(2022, 5, 10)  # after "on Monday", before the Wednesday summit
    assert result.dates["followup.txt"].date == date(2022, 9, 12)
    assert result.relation["preview.txt"] == "before"
    lisbon = next(e for e in result.events if e.id == "lisbon-2022")
    assert lisbon.members == ["copy.txt", "preview.txt"] or lisbon.members == ["preview.txt", "copy.txt"]
    assert result.related["preview.txt"] == []


def test_with_no_catalogue_every_event_is_discovered():
    result = link([fixture_doc("preview.txt"), fixture_doc("followup.txt")])
    assert result.events and all(event.discovered for event in result.events)
    assert set(result.event_of) == {"preview.txt", "followup.txt"}
