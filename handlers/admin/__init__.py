"""Platform administration: the agencies one deployment serves."""
