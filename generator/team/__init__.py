"""Team: the enablement manager's tools — content health (with its charts), what changed for reps,
the marketing calendar and the project's git history they read."""
