"""Skills: which skills credentials give their holders, at what level, and why."""
