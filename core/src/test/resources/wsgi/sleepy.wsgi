# Sleeps for QUERY_STRING seconds (a hung request when it is large), then answers.
import time


def application(environ, start_response):
    seconds = float(environ.get('QUERY_STRING') or '0')
    time.sleep(seconds)
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['slept %s' % seconds]
