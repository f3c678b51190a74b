"""Renderers: every piece of notation lives here, one module per format."""
