"""`mvpkit check`: the release gate."""
