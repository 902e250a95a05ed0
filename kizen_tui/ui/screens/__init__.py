"""kizen-tui ui/screens package."""
