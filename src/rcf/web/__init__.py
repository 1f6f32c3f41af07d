"""The web layer shared by every capability: middleware, dependencies, templates, errors."""
