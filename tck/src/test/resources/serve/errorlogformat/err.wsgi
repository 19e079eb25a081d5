# -*- coding: utf-8 -*-
# err.wsgi - writes one line naming the host and mount to wsgi.errors, then answers "ok"; ?fail
# raises after it, ?odd also writes a line with a backslash, quotes and an e-acute (UTF-8). Runs on
# Python 3 (mod_wsgi) and Jython 2.7 (wsgi4j).
def application(environ, start_response):
    errors = environ['wsgi.errors']
    errors.write('hello from %s %s\n' % (environ.get('HTTP_HOST'), environ.get('SCRIPT_NAME')))
    if environ.get('QUERY_STRING') == 'odd':
        errors.write('odd \\ "q" é\n')
    if environ.get('QUERY_STRING') == 'fail':
        raise RuntimeError('boom')
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [b'ok\n']
