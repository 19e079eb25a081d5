# filewrapper.wsgi - wsgi.file_wrapper over files of several kinds; QUERY_STRING names the file
# (FileWrapperFastPathTest). CLOSES counts close() calls per callable, read by /closes.
import io

from java.io import RandomAccessFile
from java.nio.channels import FileChannel
from java.nio.file import Paths

CLOSES = {}


def _count(name):
    CLOSES[name] = CLOSES.get(name, 0) + 1


class Counted(object):
    def __init__(self, name, f):
        self._name = name
        self.f = f

    def read(self, n=-1):
        return self.f.read(n)

    def fileno(self):
        return self.f.fileno()

    def tell(self):
        return self.f.tell()

    def close(self):
        _count(self._name)
        self.f.close()


class JavaChannel(object):
    """A Java-backed file: fileno() gives a java.nio FileChannel."""

    def __init__(self, path, start):
        self.channel = FileChannel.open(Paths.get(path))
        self.channel.position(start)

    def read(self, n=-1):
        raise AssertionError('a Java-backed file is sent, not read')

    def fileno(self):
        return self.channel

    def tell(self):
        return self.channel.position()

    def close(self):
        _count('java')
        self.channel.close()


class JavaRandomAccess(JavaChannel):
    def __init__(self, path, start):
        self.raf = RandomAccessFile(path, 'r')
        self.raf.seek(start)
        self.channel = self.raf.getChannel()

    def fileno(self):
        return self.raf


def plain(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return environ['wsgi.file_wrapper'](open(environ['QUERY_STRING'], 'rb'))


def counted(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return environ['wsgi.file_wrapper'](Counted('counted', open(environ['QUERY_STRING'], 'rb')))


def counted_long(environ, start_response):
    start_response('200 OK', [('Content-Length', '999999')])
    return environ['wsgi.file_wrapper'](Counted('long', open(environ['QUERY_STRING'], 'rb')))


def buffered_offset(environ, start_response):
    f = open(environ['QUERY_STRING'], 'rb')
    f.read(3)
    start_response('200 OK', [('Content-Length', '4')])
    return environ['wsgi.file_wrapper'](f)


def io_open(environ, start_response):
    f = io.open(environ['QUERY_STRING'], 'rb')
    f.seek(5)
    start_response('200 OK', [])
    return environ['wsgi.file_wrapper'](f)


def java_channel(environ, start_response):
    start_response('200 OK', [])
    return environ['wsgi.file_wrapper'](JavaChannel(environ['QUERY_STRING'], 2))


def java_random_access(environ, start_response):
    start_response('200 OK', [])
    return environ['wsgi.file_wrapper'](JavaRandomAccess(environ['QUERY_STRING'], 1))


def write_first(environ, start_response):
    write = start_response('200 OK', [])
    write('first:')
    return environ['wsgi.file_wrapper'](Counted('write', open(environ['QUERY_STRING'], 'rb')))


def closes(environ, start_response):
    start_response('200 OK', [])
    return [' '.join('%s=%d' % (k, CLOSES[k]) for k in sorted(CLOSES))]


def _mark(path):
    open(path + '.closed', 'w').close()


class MarkedFile(Counted):
    """A file whose close() leaves QUERY_STRING + '.closed' behind."""

    def __init__(self, path):
        Counted.__init__(self, 'marked', open(path, 'rb'))
        self.path = path

    def close(self):
        Counted.close(self)
        _mark(self.path)


class MarkedBody(object):
    """A five-byte body whose close() leaves QUERY_STRING + '.closed' behind."""

    def __init__(self, path):
        self.path = path

    def __iter__(self):
        return iter(['hel', 'lo'])

    def close(self):
        _mark(self.path)


def marked_file(environ, start_response):
    start_response('200 OK', [])
    return environ['wsgi.file_wrapper'](MarkedFile(environ['QUERY_STRING']))


def marked_body(environ, start_response):
    start_response('200 OK', [('Content-Length', '5')])
    return MarkedBody(environ['QUERY_STRING'])
