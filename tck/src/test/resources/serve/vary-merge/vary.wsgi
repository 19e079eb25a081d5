# vary.wsgi - one Vary response header per v= of the query string (value URL-decoded), in order.
# Python 3 and Jython 2.7.
try:
    from urllib.parse import unquote
except ImportError:
    from urllib import unquote


def application(environ, start_response):
    headers = [('Content-Type', 'text/plain')]
    for part in environ.get('QUERY_STRING', '').split('&'):
        if part.startswith('v='):
            headers.append(('Vary', unquote(part[2:])))
    body = b'vary\n'
    headers.append(('Content-Length', str(len(body))))
    start_response('200 OK', headers)
    return [body]
