"""The searchable website: Markdown pages generated from the audience view, built by MkDocs + Material
through the enablekit plugin, with Pagefind search, the manager's cockpit and the live-reload session."""
