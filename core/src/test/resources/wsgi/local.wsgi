# Keeps its own module reachable from each worker thread's thread-locals (an application's
# threading.local, a traceback in sys.exc_info()), as request-scoped helpers of frameworks do. A
# worker thread that serves the next generation must not keep this generation alive through them.
import sys
import threading

from java.lang import Thread

_local = threading.local()


def application(environ, start_response):
    _local.application = application
    _local.sys = sys
    try:
        raise ValueError('left in sys.exc_info()')
    except ValueError:
        _local.error = sys.exc_info()
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return [str(Thread.currentThread().getId())]
