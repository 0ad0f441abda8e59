"""One-off data migrations, run by an operator as `python -m migrations.<name>` (docs/deploy.md)."""
