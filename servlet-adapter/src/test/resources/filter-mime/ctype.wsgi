# ctype.wsgi - answers "ok" with the Content-Type named by the query string (percent-decoded),
# or with no Content-Type at all for an empty query; raises for the query "fail" and sleeps 3 s
# first for "sleep". Runs on Python 3 and Jython 2.7.
import time

try:
    from urllib.parse import unquote
except ImportError:
    from urllib import unquote


def application(environ, start_response):
    wanted = unquote(environ.get('QUERY_STRING', ''))
    if wanted == 'fail':
        raise RuntimeError('failing on purpose')
    if wanted == 'sleep':
        time.sleep(3)
    headers = [('Content-Length', '3')]
    if wanted:
        headers.append(('Content-Type', str(wanted)))
    start_response('200 OK', headers)
    return [b'ok\n']
