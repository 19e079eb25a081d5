# A script that relies on its daemon group's home=: relative file names, os.getcwd() and
# imports from that folder.
import os


def application(environ, start_response):
    import homemod
    with open('data.txt') as f:
        data = f.read()
    body = '%s|%s|%s' % (os.getcwd(), data, homemod.VALUE)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [body]
