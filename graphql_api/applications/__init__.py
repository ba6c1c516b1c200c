"""What the public submits: the application kinds, on one mutation base."""
