# Reads the whole request body and answers its length (security.md R-11).
def application(environ, start_response):
    stream = environ['wsgi.input']
    total = 0
    while True:
        data = stream.read(1024)
        if not data:
            break
        total += len(data)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [str(total)]
