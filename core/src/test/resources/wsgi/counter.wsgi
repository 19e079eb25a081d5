# A module-global counter updated without a lock, the way code written for CPython's GIL often
# does: under Jython (no GIL) concurrent requests lose updates unless the pool runs one at a time.
count = [0]


def application(environ, start_response):
    if environ['PATH_INFO'] == '/get':
        body = '%d' % count[0]
    else:
        seen = count[0]
        sum(range(200))  # widen the read-modify-write window
        count[0] = seen + 1
        body = 'ok'
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [body]
