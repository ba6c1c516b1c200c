"""What every request goes through: parsing, limits, errors, execution."""
