"""Word lists and pattern tables the cleaner uses, grouped by concept (see `patterns.py`)."""
