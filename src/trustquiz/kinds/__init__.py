"""Question kinds: one module per kind (model, checks, presentation, grading, lint text, `add`
fields), the shared parts they are made of, and the registry that lists them."""
