"""Timelines: related coverage, previous and next; copies point along their original's timeline."""
from datetime import date

from digest.linking.crosslinks import time_order, timeline_links
from digest.linking.model import Event


def test_time_order_puts_undated_last():
    dates = {"a": date(2021, 6, 15), "b": date(2021, 6, 14)}
    assert time_order(["c", "a", "b"], dates) == ["b", "a", "c"]


def test_previous_next_and_related_skip_copies():
    event = Event("e", "E", date(2021, 6, 16), members=["a", "copy", "b", "c"])
    related, previous, following = timeline_links([event], {"copy": "a"})
    assert related["b"] == ["a", "c"]
    assert (previous["b"], following["b"]) == ("a", "c")
    assert related["copy"] == ["b", "c"] and following["copy"] == "b"
    assert previous["a"] is None and following["c"] is None
