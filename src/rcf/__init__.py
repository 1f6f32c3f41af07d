"""rcf: the Bali Process Regional Cooperation Framework platform."""

__version__ = "0.1.0"
