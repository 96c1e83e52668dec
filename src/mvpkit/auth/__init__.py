"""One authentication stack for staff and residents: hashing, policy, limits, sessions."""
