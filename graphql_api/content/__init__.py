"""The public content partners read: networks, pages, blocks, the programme,
the charter, the référentiel, the sitemap."""
