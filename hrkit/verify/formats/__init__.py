"""One module per credential format; each exposes a Verifier registered by name."""
