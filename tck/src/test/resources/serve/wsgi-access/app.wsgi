# app.wsgi - reports what the request's auth hooks saw in this interpreter, with the app's own
# REMOTE_USER and AUTH_TYPE, as JSON. Python 3 and Jython 2.7.
import json
import os
import sys

_here = os.path.dirname(__file__)
if _here not in sys.path:
    sys.path.insert(0, _here)
import authseen

_KEYS = ('REQUEST_METHOD', 'REMOTE_USER', 'AUTH_TYPE', 'HTTP_AUTHORIZATION', 'SCRIPT_NAME',
         'PATH_INFO', 'FOO', 'mod_wsgi.process_group', 'mod_wsgi.application_group')


def application(environ, start_response):
    out = {}
    for k in _KEYS:
        if k in environ:
            out[k] = authseen._text(environ[k])
    out['wsgi.version'] = list(environ['wsgi.version'])
    seen = authseen.SEEN.pop(authseen._text(environ.get('HTTP_X_PROBE', '')), None)
    if seen is not None:
        out['auth.calls'] = u' '.join(seen['calls'])
        out['auth.environ'] = seen['environ']
    body = json.dumps(out, sort_keys=True, indent=1, separators=(',', ': '))
    if not isinstance(body, bytes):
        body = body.encode('ascii')
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]
