"""Content: reading and checking a project — YAML with positions, the schema and the typed model,
the loader and project-wide validation, diagnostics, docs/ pages, the scaffold, authoring guide and verify."""
