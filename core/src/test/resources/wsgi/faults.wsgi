# Applications for the fault scenarios of security.md section 4 (R-07, R-12, R-20).
import threading
import time

_lock = threading.Lock()
_stream = {'produced': 0, 'closed': 0}


def isolation(environ, start_response):
    """R-07: echoes what identifies the request, with a Content-Type unique to it."""
    rid = environ.get('HTTP_X_REQ_ID', '')
    time.sleep(0.0005)  # let other requests interleave
    body = '|'.join([rid, environ['SCRIPT_NAME'], environ['PATH_INFO'],
                     environ['QUERY_STRING'], environ.get('TENANT', '')])
    start_response('200 OK', [('Content-Type', 'application/x-req-' + rid),
                              ('Content-Length', str(len(body)))])
    return [body]


class _Endless(object):
    """R-12: a streaming response that never ends on its own; counts chunks and close() calls."""

    def __init__(self, chunk):
        self.chunk = chunk

    def __iter__(self):
        return self

    def next(self):
        with _lock:
            _stream['produced'] += 1
        return self.chunk

    def close(self):
        with _lock:
            _stream['closed'] += 1


def stream(environ, start_response):
    start_response('200 OK', [('Content-Type', 'application/octet-stream')])
    return _Endless('x' * 65536)


def stream_stats(environ, start_response):
    with _lock:
        body = '%(produced)d %(closed)d' % _stream
        _stream['produced'] = 0
        _stream['closed'] = 0
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [body]


class _FailingClose(object):
    def __init__(self, body):
        self.body = body

    def __iter__(self):
        return iter([self.body])

    def close(self):
        raise RuntimeError('storm in close()')


def storm(environ, start_response):
    """R-20: request n raises in the app when n % 10 == 0, in close() when n % 10 == 5."""
    n = int(environ['QUERY_STRING'])
    if n % 10 == 0:
        raise ValueError('storm in the application, request %d' % n)
    body = 'ok %d' % n
    start_response('200 OK', [('Content-Type', 'text/plain'),
                              ('Content-Length', str(len(body)))])
    if n % 10 == 5:
        return _FailingClose(body)
    return [body]
