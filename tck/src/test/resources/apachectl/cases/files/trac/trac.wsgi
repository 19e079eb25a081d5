# Stand-in for the seed's trac.wsgi (never executed by `apache2 -t`).
def application(environ, start_response):
    start_response('404 Not Found', [('Content-Type', 'text/plain')])
    return [b'Not Found']
