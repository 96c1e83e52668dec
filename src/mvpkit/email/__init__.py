"""Email: an outbox in the database, and a sender chosen by settings."""
