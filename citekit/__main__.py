"""``python -m citekit``: the command line, for environments without the ``citekit`` script."""

from citekit.cli import app

app()
