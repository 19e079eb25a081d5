# prefix.wsgi - reports sys.prefix, sys.exec_prefix and which python home's site-packages is on
# sys.path, as JSON; /set assigns sys.prefix first. Python 3 and Jython 2.7.
import json
import sys


def application(environ, start_response):
    if environ.get('PATH_INFO') == '/set':
        sys.prefix = '/assigned/by/the/application'
    try:
        import venvname
        home = venvname.NAME
    except ImportError:
        home = None
    out = {
        'sys.prefix': sys.prefix,
        'sys.exec_prefix': sys.exec_prefix,
        'site-packages of': home,
    }
    body = json.dumps(out, sort_keys=True, indent=1, separators=(',', ': '))
    if not isinstance(body, bytes):
        body = body.encode('utf-8')
    start_response('200 OK', [('Content-Type', 'application/json'),
                              ('Content-Length', str(len(body)))])
    return [body]
