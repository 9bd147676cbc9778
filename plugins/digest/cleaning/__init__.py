"""The cleaning pipeline: raw seed bytes in, a `CleanedDoc` out (see `pipeline.py`)."""
