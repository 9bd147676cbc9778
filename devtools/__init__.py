"""Developer tools that are not part of the site build: evaluation and benchmarks."""
