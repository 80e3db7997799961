"""Question files: TOML with line numbers, the per-file cache, lint, authoring, schema."""
