# fw.wsgi - returns wsgi.file_wrapper for real files and for other file-like objects, chosen by
# PATH_INFO; /closes reports how often each wrapped object's close() ran. Python 3 and Jython 2.7.
import io
import os

_here = os.path.dirname(__file__)
DATA = os.path.join(_here, 'data.txt')
EMPTY = os.path.join(_here, 'empty.txt')
SIZE = os.path.getsize(DATA)
CLOSES = {}


class Counted(object):
    """A file's methods, with close() counted under a name (still a file to mod_wsgi)."""

    def __init__(self, name, f):
        self.name = name
        self.f = f

    def read(self, n=-1):
        return self.f.read(n)

    def fileno(self):
        return self.f.fileno()

    def tell(self):
        return self.f.tell()

    def close(self):
        CLOSES[self.name] = CLOSES.get(self.name, 0) + 1
        self.f.close()


class Sizes(object):
    """Not a file: read(n) answers with the size it was asked for, three times."""

    def __init__(self, name=None):
        self.name = name
        self.left = 3

    def read(self, n=-1):
        if not self.left:
            return b''
        self.left -= 1
        return ('read(%d)\n' % n).encode('ascii')

    def close(self):
        if self.name:
            CLOSES[self.name] = CLOSES.get(self.name, 0) + 1


def _file(path=DATA):
    return open(path, 'rb')


def application(environ, start_response):
    path = environ.get('PATH_INFO', '')
    wrap = environ['wsgi.file_wrapper']
    text = [('Content-Type', 'text/plain')]
    if path == '/file':
        start_response('200 OK', text)
        return wrap(_file())
    if path == '/blksize':
        start_response('200 OK', text)
        return wrap(_file(), 100)
    if path == '/cl-short':
        start_response('200 OK', text + [('Content-Length', '100')])
        return wrap(_file())
    if path == '/cl-zero':
        start_response('200 OK', text + [('Content-Length', '0')])
        return wrap(_file())
    if path == '/cl-exact':
        start_response('200 OK', text + [('Content-Length', str(SIZE))])
        return wrap(_file())
    if path == '/cl-long':
        start_response('200 OK', text + [('Content-Length', str(SIZE + 100))])
        return wrap(_file())
    if path == '/offset':
        f = _file()
        f.seek(1000)
        start_response('200 OK', text)
        return wrap(f)
    if path == '/offset-read':
        f = _file()
        f.read(10)
        start_response('200 OK', text)
        return wrap(f)
    if path == '/offset-cl':
        f = _file()
        f.seek(1000)
        start_response('200 OK', text + [('Content-Length', '50')])
        return wrap(f)
    if path == '/offset-cl-long':
        f = _file()
        f.seek(SIZE - 20)
        start_response('200 OK', text + [('Content-Length', '50')])
        return wrap(f)
    if path == '/offset-end':
        f = _file()
        f.seek(SIZE)
        start_response('200 OK', text)
        return wrap(f)
    if path == '/offset-past-end':
        f = _file()
        f.seek(SIZE + 10)
        start_response('200 OK', text)
        return wrap(f)
    if path == '/empty':
        start_response('200 OK', text)
        return wrap(_file(EMPTY))
    if path == '/devnull':
        start_response('200 OK', text)
        return wrap(open(os.devnull, 'rb'))
    if path == '/status-404':
        start_response('404 Not Found', text)
        return wrap(_file())
    if path == '/write-first':
        write = start_response('200 OK', text)
        write(b'written first\n')
        return wrap(_file())
    if path == '/iter':
        start_response('200 OK', text)
        return iter(wrap(_file()))
    if path == '/bytesio':
        start_response('200 OK', text)
        return wrap(io.BytesIO(b'from BytesIO\n' * 3), 5)
    if path == '/sizes':
        start_response('200 OK', text)
        return wrap(Sizes())
    if path == '/sizes-4096':
        start_response('200 OK', text)
        return wrap(Sizes(), 4096)
    if path == '/sizes-cl':
        start_response('200 OK', text + [('Content-Length', '15')])
        return wrap(Sizes())
    if path == '/counted-file':
        start_response('200 OK', text)
        return wrap(Counted('file', _file()))
    if path == '/counted-file-cl':
        start_response('200 OK', text + [('Content-Length', '10')])
        return wrap(Counted('file-cl', _file()))
    if path == '/counted-sizes':
        start_response('200 OK', text)
        return wrap(Sizes('sizes'))
    if path == '/counted-head':
        start_response('200 OK', text)
        return wrap(Counted('head', _file()))
    if path == '/closes':
        body = ''.join('%s %d\n' % (k, CLOSES[k]) for k in sorted(CLOSES)).encode('ascii')
        start_response('200 OK', text + [('Content-Length', str(len(body)))])
        return [body]
    start_response('404 Not Found', text)
    return [b'no such case\n']
