# A Django-like app: its "settings" live in a module global of a shared module (sys here).
import sys

sys.settings_name = 'b'
hits = [0]


def application(environ, start_response):
    hits[0] += 1
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['%s %d' % (sys.settings_name, hits[0])]
