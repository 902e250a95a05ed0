"""kizen-tui ui/widgets package."""
