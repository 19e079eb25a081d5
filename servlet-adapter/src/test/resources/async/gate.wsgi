# Test application for servlet async dispatch (Jython 2.7). PATH_INFO is /MODE/NAME:
#   wait/NAME    waits at gate NAME (Gates.enter), then answers "passed NAME"
#   quiet/NAME   starts its response only after gate NAME opens (for socket-timeout)
#   stream/NAME  streams 8 KiB chunks until the client goes away
#   fail/NAME    sends one chunk, then raises
#   file/NAME    returns wsgi.file_wrapper of the file named by QUERY_STRING (the fast path)
#   filecl/NAME  the same with Content-Length 1000
# Every response body is an object with close(), which reports to Gates.closed(NAME).
from org.wsgi4j.servlet.containers import Gates


class Body(object):
    def __init__(self, mode, name, start_response):
        self.mode = mode
        self.name = name
        self.start_response = start_response

    def __iter__(self):
        if self.mode == 'quiet':
            Gates.enter(self.name)
            self.start_response('200 OK', [('Content-Type', 'text/plain')])
            yield 'late'
        elif self.mode == 'stream':
            while True:
                yield 'x' * 8192
        elif self.mode == 'fail':
            yield 'first\n'
            raise ValueError('failed after the first chunk')
        else:
            yield 'passed ' + self.name

    def close(self):
        Gates.closed(self.name)


class File(object):
    """A file with close() reported; fileno() and tell() keep it a file for the fast path."""

    def __init__(self, path, name):
        self.f = open(path, 'rb')
        self.name = name

    def read(self, n=-1):
        return self.f.read(n)

    def fileno(self):
        return self.f.fileno()

    def tell(self):
        return self.f.tell()

    def close(self):
        self.f.close()
        Gates.closed(self.name)


def application(environ, start_response):
    mode, name = environ['PATH_INFO'].strip('/').split('/')
    if mode in ('file', 'filecl'):
        headers = [('Content-Type', 'application/octet-stream')]
        if mode == 'filecl':
            headers.append(('Content-Length', '1000'))
        start_response('200 OK', headers)
        return environ['wsgi.file_wrapper'](File(environ['QUERY_STRING'], name))
    if mode == 'wait':
        Gates.enter(name)
    if mode != 'quiet':
        start_response('200 OK', [('Content-Type', 'text/plain')])
    return Body(mode, name, start_response)
