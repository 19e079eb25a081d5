# app.wsgi - answers with what the application sees of the login (REMOTE_USER, AUTH_TYPE, whether
# the Authorization header reached it) and what get_realm_hash saw for this request (realmseen.py,
# keyed by the X-Probe header), as JSON. Python 3 and Jython 2.7.
import json
import os
import sys

_here = os.path.dirname(__file__)
if _here not in sys.path:
    sys.path.insert(0, _here)
import realmseen


def application(environ, start_response):
    out = {}
    for k in ('REMOTE_USER', 'AUTH_TYPE', 'REQUEST_METHOD'):
        if k in environ:
            out[k] = realmseen.text(environ[k])
    out['authorization passed'] = 'HTTP_AUTHORIZATION' in environ
    seen = realmseen.SEEN.pop(realmseen.text(environ.get('HTTP_X_PROBE', '')), None)
    if seen is not None:
        out['get_realm_hash'] = seen
    body = json.dumps(out, sort_keys=True, indent=1, separators=(',', ': '))
    if not isinstance(body, bytes):
        body = body.encode('ascii')
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]
