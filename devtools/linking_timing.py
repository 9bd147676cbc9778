"""Time corpus linking on a synthetic corpus (run by hand, not a test).

    .venv/bin/python devtools/linking_timing.py [N]

N articles (default 10,000) in events of 2-8 articles: each event has its own
names, numbers and topic words drawn from a shared vocabulary, so events of
one topic overlap as real ones do; one article in ten is a syndicated copy.
Links them three times through the build's cache (in a temporary folder):
cold, again with nothing changed, and after one sentence was added to one doc.
"""
from __future__ import annotations

import dataclasses
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from digest.linking.model import Doc  # noqa: E402
from digest.linking_cache import LinkingCache  # noqa: E402

SYLLABLES = "ka lo mi ren tas vel dor pri sun gal hem bri tor nas fel qua zim".split()


def word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def corpus(n: int, seed: int = 7) -> list[Doc]:
    rng = random.Random(seed)
    common = [word(rng, 2) for _ in range(3000)]
    topics = [rng.sample(common, 60) for _ in range(200)]
    docs: list[Doc] = []
    while len(docs) < n:
        topic = rng.choice(topics)
        names = [word(rng, 3).capitalize() for _ in range(4)]
        numbers = [str(rng.randint(2, 9999)) for _ in range(3)]
        for _ in range(rng.randint(2, 8)):
            sentences = []
            for _ in range(rng.randint(15, 40)):
                words = rng.sample(topic, 6) + rng.sample(common, 4) + [rng.choice(names), rng.choice(numbers)]
                rng.shuffle(words)
                sentences.append("The " + " ".join(words) + ".")
            text = "\n".join(sentences)
            docs.append(Doc(id=f"{len(docs):06d}", title=f"{names[0]} {rng.choice(topic)}", text=text))
            if rng.random() < 0.1:
                docs.append(Doc(id=f"{len(docs):06d}", title="Copy", text=text + "\nSource link"))
    return docs[:n]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    docs = corpus(n)
    changed = list(docs)
    changed[n // 2] = dataclasses.replace(docs[n // 2], text=docs[n // 2].text + "\nOne more sentence.")
    with tempfile.TemporaryDirectory() as folder:
        cache = LinkingCache(Path(folder))
        for run, these in (("cold", docs), ("warm, nothing changed", docs), ("warm, one changed", changed)):
            start, cpu = time.perf_counter(), time.process_time()
            result = cache.link(these, [])
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            print(f"{n} articles, {run}: linked in {seconds:.2f} s ({cpu:.2f} s CPU): "
                  f"{len(result.events)} events, {len(result.duplicate_of)} copies")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
