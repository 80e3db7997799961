"""Rendering with rich and prompting: no business logic, no file I/O."""
