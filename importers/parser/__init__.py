"""The source-document parser: source text -> `Document`. Pure Python, no Django.

`main.parse()` is the entry point; each section has its own module. See
docs/importer.md for how the two renderings of the source are read.
"""
