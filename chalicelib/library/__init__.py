

# The reader's limits, here so the routes can declare them without loading the library's code.
MAX_QUERY = 40  # characters: a question belongs in 我要咨询, not in the search box
MAX_PAGE, DEFAULT_PAGE = 200, 50
KINDS = ("article", "case", "template", "guide", "topic")
