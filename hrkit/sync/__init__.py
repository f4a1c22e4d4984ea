"""The sync loop: credential changes → an HRIS target's import files, exactly once."""
