"""Page routes, by audience."""
