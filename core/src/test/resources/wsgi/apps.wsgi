# Test applications for the Jython gateway, selected with callable-object.
import sys

closed = []


class Result(object):
    """An iterable with close() that records each close call."""

    def __init__(self, name, items, fail_at=None):
        self.name = name
        self.items = items
        self.fail_at = fail_at

    def __iter__(self):
        for i, item in enumerate(self.items):
            if i == self.fail_at:
                raise ValueError('boom in iteration')
            yield item

    def close(self):
        closed.append(self.name)


def hello(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['hello']


def closes(environ, start_response):
    body = ','.join(closed)
    del closed[:]
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [body]


def normal_close(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return Result('normal', ['a', 'b'])


def raises_before_output(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return Result('before', ['', 'x'], fail_at=1)


def raises_after_output(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return Result('after', ['abc', 'def'], fail_at=1)


def raises_immediately(environ, start_response):
    raise ValueError('boom')


def bad_status(environ, start_response):
    start_response('200OK', [('Content-Type', 'text/plain')])
    return Result('bad_status', ['x'])


def bare_status(environ, start_response):
    start_response('200', [])
    return ['x']


def unicode_status(environ, start_response):
    start_response(u'200 OK', [])
    return ['x']


def crlf_header(environ, start_response):
    start_response('200 OK', [('X-Bad', 'a\r\nSet-Cookie: evil=1')])
    return ['x']


def headers_not_list(environ, start_response):
    start_response('200 OK', (('X-A', 'b'),))
    return ['x']


def unicode_body(environ, start_response):
    start_response('200 OK', [])
    return [u'x']


def no_start_response(environ, start_response):
    return ['x']


def over_length(environ, start_response):
    start_response('200 OK', [('Content-Length', '5')])
    return ['abc', 'defgh', 'ijk']


def bad_length(environ, start_response):
    start_response('200 OK', [('Content-Length', '-1')])
    return ['x']


def uses_write(environ, start_response):
    write = start_response('201 Created', [('X-Order', '1'), ('X-Order', '2')])
    write('hello ')
    return ['world']


def exc_info_before(environ, start_response):
    start_response('200 OK', [('Content-Type', 'text/plain')])
    try:
        raise ValueError('replaced')
    except ValueError:
        start_response('503 Busy', [('Content-Type', 'text/plain')], sys.exc_info())
    return ['busy']


def exc_info_after(environ, start_response):
    write = start_response('200 OK', [('Content-Type', 'text/plain')])
    write('partial')
    try:
        raise KeyError('re-raised')
    except KeyError:
        start_response('500 Oops', [], sys.exc_info())
    return ['never']


def echo_input(environ, start_response):
    stream = environ['wsgi.input']
    first = stream.readline()
    rest = stream.read()
    more = stream.read(10)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['%r|%r|%r' % (first, rest, more)]


def input_lines(environ, start_response):
    lines = list(environ['wsgi.input'])
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['%d:%s' % (len(lines), ''.join(lines))]


def errors(environ, start_response):
    stream = environ['wsgi.errors']
    print >>stream, 'printed', 'line'
    stream.write('written\n')
    stream.writelines(['a\n', 'b'])
    stream.flush()
    start_response('200 OK', [])
    return ['ok']


def wrapped_file(environ, start_response):
    from StringIO import StringIO
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return environ['wsgi.file_wrapper'](StringIO('0123456789' * 3), 7)


def types(environ, start_response):
    names = []
    for key in sorted(environ):
        if '.' not in key:
            names.append('%s=%s' % (key, type(environ[key]).__name__))
    start_response('200 OK', [])
    return [' '.join(sorted(set(n.split('=')[1] for n in names)))]
