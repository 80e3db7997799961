"""Question kinds: their models, how each is shown, graded and broken down."""
