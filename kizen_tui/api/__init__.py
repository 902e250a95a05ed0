"""kizen-tui api package."""
