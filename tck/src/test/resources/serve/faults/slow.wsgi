# Sleeps QUERY_STRING milliseconds, saying so on wsgi.errors (security.md R-22).
import time

def application(environ, start_response):
    environ['wsgi.errors'].write('sleeping %s ms\n' % environ.get('QUERY_STRING'))
    time.sleep(int(environ.get('QUERY_STRING') or '0') / 1000.0)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['done']
