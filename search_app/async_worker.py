"""gunicorn's gevent worker for serving without nginx: `python -m search_app serve --no-front`.

Each connection is a greenlet, so sockets that stall mid-request or sit idle cost memory,
not one of the threaded worker's four threads (with those, four stalled sockets stopped
the server). A search is CPU work that runs to its end once started, as on a thread.
Kept apart from `search_app.serving` so that gevent is imported only where it runs.
"""
from gunicorn.workers.ggevent import GeventWorker

from search_app.serving import PrivateErrors


class PrivateAsyncWorker(PrivateErrors, GeventWorker):
    """gunicorn's gevent worker, answering malformed requests without echoing them."""
