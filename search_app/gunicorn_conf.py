"""gunicorn settings for the app: `gunicorn -c python:search_app.gunicorn_conf 'search_app:create_app()'`.

`python -m search_app serve` starts gunicorn with these, behind nginx or alone.

One worker process holds one model in memory; its threads share it. The worker and logger
classes answer malformed requests without echoing them and keep request lines (and so
questions) out of the log.
"""
from search_app.http import MAX_REQUEST_LINE_BYTES

bind = "127.0.0.1:8000"
workers = 1
threads = 4
timeout = 60
worker_class = "search_app.serving.PrivateWorker"
logger_class = "search_app.serving.PrivateLogger"
# No access log: request lines carry the query text, and queries are private.
accesslog = None
limit_request_line = MAX_REQUEST_LINE_BYTES
# No runtime control socket: nothing manages the server at run time, and several servers
# (tests, benchmarks) on one machine would share its path.
control_socket_disable = True
