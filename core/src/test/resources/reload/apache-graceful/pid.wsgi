import os
count = [0]
def application(environ, start_response):
    count[0] += 1
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [('pid=%d count=%d group=%s' % (os.getpid(), count[0], environ['mod_wsgi.process_group'])).encode()]
