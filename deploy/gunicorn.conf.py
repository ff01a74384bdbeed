"""gunicorn for ipsgate (docs/deploy.md): `gunicorn -c deploy/gunicorn.conf.py`, started by
deploy/ipsgate-web.service with the environment in /etc/ipsgate/ipsgate.env.

IPSGATE_BIND and IPSGATE_WEB_WORKERS override the address and the number of worker processes."""

import multiprocessing
import os

wsgi_app = "ipsgate.wsgi:application"
# Loopback only: nginx in front terminates TLS. Several app servers behind a load balancer bind a private address.
bind = os.environ.get("IPSGATE_BIND", "127.0.0.1:8000")
# Synchronous workers, two per CPU plus one (gunicorn's rule of thumb for work that waits on the database).
workers = int(os.environ.get("IPSGATE_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# A page that takes longer than this has gone wrong: the worker is restarted and the request answered 502.
timeout = 60
graceful_timeout = 30  # on restart or stop, requests in flight get this long to finish
keepalive = 5
# Recycle workers now and then, so a slow leak cannot grow for weeks.
max_requests = 2000
max_requests_jitter = 200
# Refuse oversized request lines and headers before Django sees them.
limit_request_line = 8190
limit_request_fields = 100

# Logs to standard error (the systemd journal). The access log has the path without its query string (a search
# box's query string can hold a person's name), the status, bytes, the time taken in microseconds and the request
# id ipsgate sends back (X-Request-ID), which its own log lines carry too.
accesslog = "-"
errorlog = "-"
loglevel = "info"
access_log_format = '%(h)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(D)sus request_id=%({x-request-id}o)s'
# gunicorn may take the scheme (https) from X-Forwarded-Proto only from the proxy on this machine.
forwarded_allow_ips = os.environ.get("IPSGATE_FORWARDED_ALLOW_IPS", "127.0.0.1")
# No control socket (its default is one shared path in $HOME; the service user has none).
control_socket_disable = True
