"""The verification engine: formats, keys, status lists, trust, and the overall status."""
