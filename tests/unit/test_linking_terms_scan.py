"""`terms` scans a text once (OPENERS_AND_WORDS); it finds what a split into sentences, then words, finds."""
import random

from digest.linking.terms import SENTENCES, WORD, Kinds, Terms, terms


def by_sentence(text: str, opening: int) -> Terms:
    """The earlier `terms`: one WORD scan per sentence."""
    kind_of = Kinds().__getitem__
    words, names, numbers, opening_names = [], [], [], set()
    seen = 0
    for sentence in SENTENCES.split(text.replace("’", "'")):
        found = list(map(kind_of, WORD.findall(sentence)))
        if not found:
            continue
        numbers += [number for number, _, _ in found if number]
        words += [word for _, word, _ in found if word]
        names += [word for _, word, name in found[1:] if name]
        if seen < opening:
            opening_names.update(word for _, word, name in found[1:opening - seen] if name)
        seen += len(found)
    return Terms(tuple(words), tuple(names), tuple(numbers), frozenset(opening_names))


PIECES = ["Geneva", "talks", "the", "A", "I", "Ali", "O'Neil", "pirate’s", "1,180", "2009", "3", "e.g.", "—",
          "(Reuters)", "“Quote", "end.”", "said:", "Why?", "Now!", ".", "'", "x-ray", "U.S.", "\u00a0"]
SPACES = [" ", " ", " ", "  ", "\n", "\n\n", ". ", ".\n", "\t", "\u2028", ", "]


def test_one_scan_finds_what_the_sentences_find():
    for seed in range(3):
        rng = random.Random(seed)
        for _ in range(400):
            text = "".join(rng.choice(PIECES) + rng.choice(SPACES) for _ in range(rng.randrange(0, 40)))
            for opening in (0, 1, 5, 60):
                assert terms(text, opening=opening) == by_sentence(text, opening), (text, opening)


def test_shared_kinds_know_a_sentence_opener_from_the_same_word_inside():
    kinds = Kinds()
    first = terms("Talks ended.\n\nEnvoy left. The Envoy left", opening=60, kinds=kinds)
    assert first == terms("Talks ended.\n\nEnvoy left. The Envoy left", opening=60)
    assert first.names == ("envoy",) and first.opening_names == {"envoy"}
    assert terms("Envoy left", kinds=kinds).names == ()


def test_a_long_tail_without_words_is_scanned_once():
    text = "Talks ended.\n" + "- . ! \n" * 20000  # quadratic if each break looked for a word to the end again
    assert terms(text, opening=60) == by_sentence(text, 60)
