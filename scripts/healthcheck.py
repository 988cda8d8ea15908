"""HTTP health check for the web container (and for a hand-run gunicorn).

Usage: python scripts/healthcheck.py [URL]   (default http://127.0.0.1:8000/admin/login/)

Sends the first name in DJANGO_ALLOWED_HOSTS as the Host header, so Django accepts the request
whatever the public host name is. Exits 0 when the app answers with a status below 500.
"""

import os
import sys
import urllib.error
import urllib.request

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000/admin/login/"
hosts = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
host = next((h.lstrip(".") for h in hosts if h != "*"), "localhost")

request = urllib.request.Request(url, headers={"Host": host})
try:
    with urllib.request.urlopen(request, timeout=5) as response:
        status = response.status
except urllib.error.HTTPError as exc:
    status = exc.code
except OSError as exc:
    print(f"unhealthy: {exc}", file=sys.stderr)
    sys.exit(1)

print(f"{url} (Host: {host}) -> {status}")
sys.exit(0 if status < 500 else 1)
