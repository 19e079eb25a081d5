# Apps wrapped by the standard library's WSGI validator (wsgiref.validate): any PEP 3333
# violation by the gateway raises AssertionError inside the app, which becomes a 500.
import os
from wsgiref.validate import validator

execfile(os.path.join(os.path.dirname(__file__), 'echo.wsgi'))

_echo = application


def _streaming(environ, start_response):
    data = environ['wsgi.input'].read()
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write('got ')
    return [data, '!']


def _wrapped(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return environ['wsgi.file_wrapper'](open(__file__, 'rb'))


application = validator(_echo)
streaming = validator(_streaming)
wrapped = validator(_wrapped)
