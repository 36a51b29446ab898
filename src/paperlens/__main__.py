"""``python -m paperlens`` runs the CLI."""

from paperlens.cli import app

app(prog_name="paperlens")
