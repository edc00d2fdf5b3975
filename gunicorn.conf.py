"""Serving defaults for `make run`: local only, one process (one model in memory), a few threads."""
bind = "127.0.0.1:8000"
workers = 1
threads = 4
timeout = 60
# No access log: request lines carry the query text, and queries are private.
accesslog = None
