"""`trustquiz mock`: a timed paper (paper.py), sitting it (sitting.py), its marks (marking.py)."""
