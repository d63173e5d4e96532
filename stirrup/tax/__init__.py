"""The owner's tax-benefit simulator."""
