"""The public search: per-language analysis, its own index table, typo correction."""
