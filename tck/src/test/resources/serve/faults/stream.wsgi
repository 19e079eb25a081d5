# Streams QUERY_STRING chunks of 64 KiB, generated one at a time (security.md R-13).
def application(environ, start_response):
    count = int(environ.get('QUERY_STRING') or '1')
    chunk = 'x' * 65536
    start_response('200 OK', [('Content-Type', 'application/octet-stream'),
                              ('Content-Length', str(count * 65536))])
    def chunks():
        for i in xrange(count):
            yield chunk
    return chunks()
