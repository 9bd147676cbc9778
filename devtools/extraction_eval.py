"""Clean every seed of an extraction corpus in-process and write predictions for the scorer.

Writes `OUT/<style>/<id>.json` in the shape `score_extraction.py --json --pred-dir`
reads: the body as the original page showed it (the lines the cleaner kept as
headline, dek, byline and date line, then the paragraphs) and the comment threads.
"""
from __future__ import annotations

import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from digest.cleaning.decode import decode  # noqa: E402
from digest.cleaning.pipeline import label_blocks  # noqa: E402
from digest.cleaning.model import Block, CleanedDoc, Comment, Label  # noqa: E402

#: Labels of the head lines the original page printed above the article.
HEAD_LABELS = (Label.TITLE, Label.DEK, Label.BYLINE, Label.DATE)
#: The metadata stage's reason for the style-A `<title>` line: a browser shows it in the tab, not the page.
PAGE_TITLE_REASON = "page title"


def displayed_body(doc: CleanedDoc, blocks: list[Block]) -> list[str]:
    """The article as the original page displayed it: its head lines, then the body.

    The head is the text of the blocks the metadata stage kept as headline, dek,
    byline and date line, in page order and as printed ("Posted by Jane on June 3,
    2012"), not the normalised fields our page prints from them ("By Jane").
    """
    head = [b.text for b in blocks if b.label in HEAD_LABELS and not b.reason.startswith(PAGE_TITLE_REASON)]
    return head + [p.text for p in doc.body]


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
    doc, blocks = label_blocks(decode(seed.read_bytes()))
    return {"body": displayed_body(doc, blocks), "comments": [displayed_comment(c) for c in doc.comments]}


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
