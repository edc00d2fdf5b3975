"""For `gunicorn -c gunicorn.conf.py` from a checkout: the settings live in search_app/gunicorn_conf.py."""
from search_app.gunicorn_conf import *  # noqa: F401,F403
