"""`python -m trustquiz` runs the command-line interface."""

from trustquiz.cli import main

main()
