"""``python -m paperlens`` runs the CLI."""

from .cli import app

app(prog_name="paperlens")
