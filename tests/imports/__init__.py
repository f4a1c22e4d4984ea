"""Tests of reading, mapping, validating and reporting on imported spreadsheets."""
