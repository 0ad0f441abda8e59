"""The learning half's own content (issue 13): 诉讼指引 with each bureau's venues (catalog, venues)
and the bureau's 热点普法 articles (topics, markdown, plan)."""
