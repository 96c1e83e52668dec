"""The `mvpkit research` commands."""
