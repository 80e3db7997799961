"""Progress on disk: the review log (the truth), its records, the derived state."""
