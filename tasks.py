"""Tasks for building, checking and measuring Summit Digest (`invoke --list`)."""
from __future__ import annotations

import json
import os
import shlex
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
sys.path[:0] = [str(ROOT), str(ROOT / "plugins")]

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "seeds": "seeds",
    "output": "output",
    "port": 8000,
    "shared": os.environ.get("DIGEST_SHARED", str(ROOT.parent / "shared")),
    "github_pages_branch": "gh-pages",
    "report": "report/report.json",  # in the output; DIGEST_REPORT_SAVE_AS's folder
}
#: `invoke build`'s exit status when the site was published without some seeds.
EXIT_SKIPPED = 2
PY = shlex.quote(sys.executable)


def pelican_command(settings: str, seeds: str | None, output: str | None, extra: str = "",
                    cache: str | None = None) -> str:
    overrides = []
    if seeds:
        overrides.append(f"ARTICLE_PATHS={json.dumps([str(Path(seeds).resolve())])}")
    if cache:
        overrides.append(f"CACHE_PATH={json.dumps(str(Path(cache).resolve()))}")
    command = f"{PY} -m pelican -s {settings}"
    if output:
        command += f" -o {shlex.quote(output)}"
    if overrides:
        command += " -e " + " ".join(shlex.quote(o) for o in overrides)
    return f"{command} {extra}".strip()


@task
def clean(c):
    """Remove the generated site."""
    shutil.rmtree(ROOT / CONFIG["output"], ignore_errors=True)


@task(help={
    "seeds": "folder of seed files (default: seeds/)",
    "output": "output folder (default: output/)",
    "strict": "fail on any problem, a warning included, and leave the output as it was",
    "cache": "folder of the cleaning cache and the page ledger (default: cache/)",
})
def build(c, seeds=None, output=None, strict=False, cache=None):
    """Build the site into a folder beside the output; swap it in only when the build succeeds.

    Exit status: 0 every seed was published; 2 the site was published but seeds
    were skipped (see the report); 1 the build failed, or `--strict` met a
    problem, and the output folder was left as it was.
    """
    target = Path(output or ROOT / CONFIG["output"]).resolve()
    staging = target.with_name(f".{target.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    if target.is_dir():  # start from the last site, so unchanged pages are not rendered again
        shutil.copytree(target, staging, symlinks=True)
    with c.cd(str(ROOT)):
        command = pelican_command(CONFIG["settings_base"], seeds, str(staging), cache=cache)
        result = c.run(command, pty=False, warn=True, in_stream=False)
    counts = report_counts(staging)
    if result.failed or (strict and (counts["skipped"] or counts["warnings"])):
        shutil.rmtree(staging, ignore_errors=True)
        problems = f"{counts['skipped']} skipped, {counts['warnings']} warnings"
        why = "the build failed" if result.failed else problems
        raise Exit(f"Not published ({why}): {target} is unchanged", code=1)
    swap_in(staging, target)
    if counts["skipped"]:
        raise Exit(f"{counts['skipped']} seeds were skipped; the rest is published (see {CONFIG['report']})",
                   code=EXIT_SKIPPED)


def report_counts(site: Path) -> dict:
    """The build's counts from the report JSON the digest plugin writes (zeros when there is none)."""
    try:
        return json.loads((site / CONFIG["report"]).read_text(encoding="utf-8"))["counts"]
    except (OSError, ValueError, KeyError):
        return {"skipped": 0, "warnings": 0}


def swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames, so the site is never half-written."""
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


@task(clean, build)
def rebuild(c):
    """Clean, then build."""


@task
def serve(c, port=CONFIG["port"]):
    """Serve output/ at http://localhost:PORT."""
    c.run(f"{PY} -m pelican --listen -p {int(port)} -o {CONFIG['output']} -s {CONFIG['settings_base']}")


@task
def preview(c):
    """Build with the production settings."""
    c.run(pelican_command(CONFIG["settings_publish"], None, None))


def ghp_import_command(output: str, branch: str, push: bool) -> str:
    """ghp-import makes `output` the whole of `branch`; -n adds .nojekyll so Pages serves it as is."""
    ghp_import = shlex.quote(str(Path(sys.executable).with_name("ghp-import")))
    command = f"{ghp_import} -n -m 'Publish Summit Digest' -b {shlex.quote(branch)} {shlex.quote(output)}"
    return f"{command} -p" if push else command


@task(help={
    "siteurl": "the address the site is served from, e.g. https://USER.github.io/REPO",
    "push": "push the branch to origin (default: yes)",
})
def gh_pages(c, siteurl, push=True):
    """Build with publishconf.py for SITEURL and publish output/ on the gh-pages branch (ghp-import)."""
    address = shlex.quote(json.dumps(siteurl.rstrip("/")))
    overrides = f"-e SITEURL={address} FEED_DOMAIN={address}"
    c.run(pelican_command(CONFIG["settings_publish"], None, None, overrides), pty=False)
    c.run(ghp_import_command(CONFIG["output"], CONFIG["github_pages_branch"], push), pty=False)


@task(help={"path": "a seed file", "json": "print one JSON object instead of the report"})
def inspect(c, path, json=False):
    """Show what the cleaner did to one seed: metadata, kept text, removed blocks, comments."""
    from digest.inspect import report

    print(report(Path(path).read_bytes(), json_output=json))


@task(help={"args": "extra arguments for pytest"})
def test(c, args=""):
    """Run the whole test suite."""
    c.run(f"{PY} -m pytest {args}", pty=False)


@task(help={
    "corpus": "extraction corpus folder (default: ../shared/corpora/extraction-dev)",
    "args": "extra arguments for score_extraction.py, e.g. '--worst 10 --styles A'",
})
def eval(c, corpus=None, args=""):
    """Score the cleaner on the extraction corpus (both styles, body and comments)."""
    import tempfile

    from devtools.extraction_eval import write_predictions

    corpus = Path(corpus or Path(CONFIG["shared"]) / "corpora" / "extraction-dev")
    scorer = Path(CONFIG["shared"]) / "tools" / "score_extraction.py"
    with tempfile.TemporaryDirectory() as predictions:
        for style, ms in write_predictions(corpus, Path(predictions)).items():
            print(f"style {style}: cleaning takes {ms:.2f} ms per page")
        c.run(f"{PY} {scorer} {corpus} --json --pred-dir {predictions} {args}", pty=False)


@task(help={
    "corpus": "events corpus folder (default: ../shared/corpora/events-dev)",
    "args": "extra arguments for score_events.py",
})
def events_eval(c, corpus=None, args=""):
    """Cluster the events corpus with no catalogue; score events (B-cubed) and syndicated pairs."""
    import tempfile

    from devtools.events_eval import per_cluster_report, write_predictions

    corpus = Path(corpus or Path(CONFIG["shared"]) / "corpora" / "events-dev")
    scorer = Path(CONFIG["shared"]) / "tools" / "score_events.py"
    with tempfile.TemporaryDirectory() as out:
        clusters, pairs, seconds = write_predictions(corpus, Path(out))
        print(f"linking took {seconds:.2f} s")
        print(per_cluster_report(corpus, clusters))
        c.run(f"{PY} {scorer} {clusters} --corpus {corpus} {args}", pty=False)
        c.run(f"{PY} {scorer} --dups {pairs} --corpus {corpus}", pty=False)


@task(help={
    "sizes": "comma-separated seed counts (default: 1000,10000)",
    "large": "also build 50,000 seeds",
    "work": "folder for the synthetic corpora and sites (default: a temporary folder, removed after)",
    "timeout": "seconds after which one build is stopped and reported as such (default: none)",
    "memory": "address-space limit per build in GB, so a runaway build fails alone (default: 8; 0 for none)",
})
def bench(c, sizes="1000,10000", large=False, work=None, timeout=0.0, memory=8.0):
    """Time builds, rebuilds, stages and memory on synthetic seeds, against plain Pelican + markdown-it-py."""
    import tempfile

    from devtools.bench.driver import Limits, main

    counts = [int(size) for size in str(sizes).split(",") if size.strip()] + ([50_000] if large else [])
    limits = Limits(seconds=float(timeout) or None, memory_gb=float(memory))
    if work:
        main(counts, Path(work), keep=True, limits=limits)
        return
    with tempfile.TemporaryDirectory(prefix="digest-bench-") as folder:
        main(counts, Path(folder), limits=limits)
