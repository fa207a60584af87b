"""まとめて配信: non-urgent pages of a day sent together, once, at the city's digest time."""
