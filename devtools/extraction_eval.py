"""Clean every seed of an extraction corpus in-process and write predictions for the scorer.

Writes `OUT/<style>/<id>.json` in the shape `score_extraction.py --json --pred-dir`
reads: the body as the page shows it (headline, byline and date line, then the
paragraphs) and the comment threads.
"""
from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from digest.cleaning.pipeline import clean  # noqa: E402
from digest.cleaning.model import CleanedDoc, Comment  # noqa: E402


def displayed_body(doc: CleanedDoc) -> list[str]:
    """The article text as our page displays it: headline, dek, byline, then the body."""
    head = [doc.title, doc.subtitle]
    if doc.authors:
        head.append("By " + ", ".join(doc.authors))
    return [part for part in head if part] + [p.text for p in doc.body]


def displayed_comment(comment: Comment) -> dict:
    """A comment as the page showed it: the header lines printed above the text, the text, those printed below.

    Replies stay nested. Without printed header lines it is the author, the date and the text.
    """
    replies = [displayed_comment(reply) for reply in comment.replies]
    if not (comment.header or comment.footer):
        return {"author": comment.author, "date": comment.date, "text": comment.text, "replies": replies}
    shown = "\n".join(part for part in (comment.header, comment.text, comment.footer) if part)
    return {"text": shown, "replies": replies}


def predict(seed: Path) -> dict:
    doc = clean(seed.read_bytes())
    return {"body": displayed_body(doc), "comments": [displayed_comment(c) for c in doc.comments]}


def _one(job: tuple[Path, Path]) -> float:
    seed, target = job
    started = time.perf_counter()
    target.write_text(json.dumps(predict(seed), ensure_ascii=False), encoding="utf-8")
    return time.perf_counter() - started


def write_predictions(corpus: Path, out: Path, styles=("A", "B"), jobs: int = 2) -> dict[str, float]:
    """Clean all seeds; return milliseconds per page for each style."""
    timings = {}
    for style in styles:
        (out / style).mkdir(parents=True, exist_ok=True)
        seeds = sorted((corpus / "seeds" / style).glob("*.txt"))
        work = [(seed, out / style / f"{seed.stem}.json") for seed in seeds]
        with ProcessPoolExecutor(jobs) as pool:
            seconds = list(pool.map(_one, work, chunksize=16))
        timings[style] = 1000 * sum(seconds) / max(len(seconds), 1)
    return timings


if __name__ == "__main__":
    corpus_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
    for style, ms in write_predictions(corpus_dir, out_dir).items():
        print(f"style {style}: {ms:.2f} ms per page (cleaning only)")
