"""Reading recruiters' spreadsheets, mapping their columns, validating rows, and reporting."""
