"""Cluster an events corpus (ECB+ style: `docs/<id>.txt`, title on line 1) with no catalogue.

Writes the two files `score_events.py` reads: `{file: event}` and the
near-duplicate pairs; prints per-cluster purity so a change can be judged
event by event, not only by one figure.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

from digest.linking.link import link
from digest.linking.model import Doc


def read_docs(corpus: Path) -> list[Doc]:
    docs = []
    for path in sorted((corpus / "docs").glob("*.txt")):
        title, _, body = path.read_text(encoding="utf-8").partition("\n")
        docs.append(Doc(id=path.name, title=title.strip(), text=body.strip()))
    return docs


def write_predictions(corpus: Path, out: Path) -> tuple[Path, Path, float]:
    docs = read_docs(corpus)
    start = time.perf_counter()
    result = link(docs)
    seconds = time.perf_counter() - start
    clusters = out / "events.json"
    pairs = out / "pairs.json"
    clusters.write_text(json.dumps(result.event_of, indent=1, sort_keys=True))
    pairs.write_text(json.dumps(sorted([copy, original] for copy, original in result.duplicate_of.items())))
    return clusters, pairs, seconds


def per_cluster_report(corpus: Path, clusters: Path) -> str:
    """For each gold cluster: its size, the predicted events holding it, and foreign members mixed in."""
    gold = json.loads((corpus / "labels.json").read_text())
    predicted = json.loads(clusters.read_text())
    lines = [f"{'gold':<8} {'size':>4}  predicted events (members) / foreign members"]
    for label in sorted(set(gold.values()), key=lambda g: (len(g), g)):
        members = [d for d, g in gold.items() if g == label]
        spread = Counter(predicted.get(d, d) for d in members)
        foreign = sum(1 for d, e in predicted.items() if e in spread and gold.get(d) != label)
        parts = " ".join(str(n) for _, n in spread.most_common())
        lines.append(f"{label:<8} {len(members):>4}  {parts:<20} foreign {foreign}")
    return "\n".join(lines)
