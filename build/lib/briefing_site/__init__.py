"""Briefing-site generator: YAML briefings → validated model → Markdown → static site."""
