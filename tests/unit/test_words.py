"""Body word counts are remembered by cleaned doc, and only under the same way of counting."""
import json

import pytest

from digest.words import FILE_NAME, WordCounts, count

TEXT = "Harbour council voted\non the\u2009ferry line again."


def test_a_count_is_the_texts_words_and_is_remembered_by_the_docs_key(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path)}
    words = WordCounts(settings)
    assert words("key-a", lambda: TEXT) == count(TEXT) == 8
    assert words(None, lambda: "two words") == 2  # no key: counted, not remembered
    words.save()
    memo = json.loads((tmp_path / FILE_NAME).read_text())
    assert memo["words"] == {"key-a": 8}
    memo["words"]["key-a"] = 99  # marks a count that came from the memo
    (tmp_path / FILE_NAME).write_text(json.dumps(memo))
    again = WordCounts(settings)
    assert again("key-a", pytest.fail) == 99  # the body is not asked for
    assert again("key-b", lambda: "one") == 1
    again.save()
    assert json.loads((tmp_path / FILE_NAME).read_text())["words"] == {"key-a": 99, "key-b": 1}


def test_a_memo_of_another_way_of_counting_or_unreadable_is_not_used(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path)}
    words = WordCounts(settings)
    (tmp_path / FILE_NAME).write_text(json.dumps({"basis": ["0: another count", *words.basis[1:]], "words": {"k": 99}}))
    assert words("k", lambda: TEXT) == 8
    (tmp_path / FILE_NAME).write_text("{not json")
    assert WordCounts(settings)("k", lambda: TEXT) == 8


def test_only_the_counts_a_build_used_are_kept_and_an_unchanged_memo_is_not_rewritten(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path)}
    first = WordCounts(settings)
    first("gone", lambda: "a b c")
    first("kept", lambda: "a b")
    first.save()
    second = WordCounts(settings)
    second("kept", lambda: "a b")
    second.save()
    assert json.loads((tmp_path / FILE_NAME).read_text())["words"] == {"kept": 2}
    (tmp_path / FILE_NAME).write_text((tmp_path / FILE_NAME).read_text() + " ")  # marks the file
    third = WordCounts(settings)
    third("kept", lambda: "a b")
    third.save()
    assert (tmp_path / FILE_NAME).read_text().endswith(" ")
