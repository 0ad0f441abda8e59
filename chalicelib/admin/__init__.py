"""Operator commands (`python -m chalicelib.admin.<name>`): thin command lines over plain functions."""
