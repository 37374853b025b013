"""gunicorn settings: `gunicorn -c gunicorn.conf.py` (see the README's Deployment section).

Every value can be changed from the environment, so the service manager holds the deployment's
choices and this file holds the reasons.
"""

import os

wsgi_app = "clinic_site.wsgi:application"
# Behind the reverse proxy on the same machine; GUNICORN_BIND=0.0.0.0:8000 when it is elsewhere.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes: about two per CPU core. Each handles one request at a time per thread.
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer than this is stuck (pages take milliseconds): the worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Replace each worker now and then so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200

# The access log records method, path, status, size and duration only. No client address, no
# query string, no referrer or user agent: on this site any of them can say something about a
# person's health. Request bodies are never logged.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
