"""The groups and events directory: residents find community groups and events, groups list
them, staff moderate them, and the listings are published as open data."""
