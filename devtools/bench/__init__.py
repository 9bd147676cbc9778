"""The build benchmark (`invoke bench`): synthetic seeds, instrumented builds, a plain-Pelican baseline."""
