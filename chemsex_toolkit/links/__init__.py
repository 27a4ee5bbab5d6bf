"""Link checking: collect every URL the content cites, check them politely, cache the results."""
