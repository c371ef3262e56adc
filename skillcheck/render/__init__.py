"""Renderers: each takes an analysis result and returns a string or a rich renderable."""
