"""Summit Digest: a Pelican plugin that turns raw seed text files into a linked news digest."""
from .plugin import register

__all__ = ["register"]
