"""kizen-tui: browse and edit the records of a Kizen CRM business from the terminal."""

__version__ = "0.1.0"
