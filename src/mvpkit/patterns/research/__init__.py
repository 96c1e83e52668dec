"""Research mode: a service served as a prototype for sessions with residents."""
