# The smallest WSGI application: the gateway benchmark's workload.
def application(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain'), ('Content-Length', '5')])
    return ['hello']
