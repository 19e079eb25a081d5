# Counts loads and interpreter exits in Java system properties, so a test can see preloading and
# closing of replaced interpreters.
import atexit
from java.lang import System


def _bump(name):
    System.setProperty(name, str(int(System.getProperty(name, '0')) + 1))


_bump('wsgi4j.test.recycle.loads')
atexit.register(_bump, 'wsgi4j.test.recycle.exits')
served = [0]


def application(environ, start_response):
    served[0] += 1
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['%d' % served[0]]
