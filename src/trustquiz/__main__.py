"""`python -m trustquiz` runs the command-line interface."""

from trustquiz.launch import main

main()
