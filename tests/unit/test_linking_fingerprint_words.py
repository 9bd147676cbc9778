"""`fingerprint.words` splits an ASCII text as bytes: the same words, hashed the same, as WORD finds."""
import random

import numpy as np

from digest.linking.fingerprint import WORD, WordHashes, shingle_hashes, words


def test_ascii_words_are_the_words_found_lower_cased():
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(128)] + ["Word", "ALL_CAPS", "x9", " ", " ", "\n"]
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
        assert [word.decode() for word in words(text)] == WORD.findall(text.lower()), text


def test_a_word_hashes_alike_as_text_and_as_bytes():
    hashes = WordHashes()
    assert hashes["geneva"] == hashes[b"geneva"] == WordHashes()["geneva"]
    text = "Talks in Geneva ended with a deal on the border and a vote"
    ascii_part = shingle_hashes(text, hashes)
    assert set(ascii_part) < set(shingle_hashes(text + " café au lait", hashes))  # the str path, same words hashed alike
