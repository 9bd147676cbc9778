"""The curator's catalogue: entries in time order, bad entries skipped with a warning."""
import logging
from datetime import date
from pathlib import Path

from digest.linking.catalogue import load

CATALOGUE = Path(__file__).parents[1] / "fixtures" / "linking" / "summits" / "catalogue.yaml"


def test_entries_load_in_time_order_with_all_fields(caplog):
    with caplog.at_level(logging.WARNING):
        summits = load(CATALOGUE)
    assert [s.id for s in summits] == ["lisbon-2022", "call-2022-09"]
    lisbon = summits[0]
    assert lisbon.date == date(2022, 5, 11)
    assert lisbon.format == "in person"
    assert lisbon.participants == ("Ana Duarte", "Piet Smit")
    assert "Lisbon summit" in lisbon.aliases
    assert "needs id, title, date" in caplog.text


def test_no_catalogue_means_no_summits(tmp_path):
    assert load("") == []
    assert load(tmp_path / "missing.yaml") == []
