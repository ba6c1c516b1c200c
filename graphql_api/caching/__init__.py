"""Answers kept between publications: the answer cache, its warming, the
pages' read model."""
