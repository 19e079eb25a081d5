# The seed's django_appX.wsgi pattern: a settings module named in os.environ, at import time when
# the query names one (?settings=NAME), as setdefault (?default=NAME) or not at all. The answer is
# what os.environ, os.getenv and posix.environ say now, and what the import found there before.
import os
import sys

_builtin = 'posix' if 'posix' in sys.builtin_module_names else 'nt'
_os_module = __import__(_builtin)


def application(environ, start_response):
    before = os.environ.get('DJANGO_SETTINGS_MODULE', '-')
    query = environ.get('QUERY_STRING', '')
    if query.startswith('settings='):
        os.environ['DJANGO_SETTINGS_MODULE'] = query[len('settings='):]
    elif query.startswith('default='):
        os.environ.setdefault('DJANGO_SETTINGS_MODULE', query[len('default='):])
    now = os.getenv('DJANGO_SETTINGS_MODULE', '-')
    raw = _os_module.environ.get('DJANGO_SETTINGS_MODULE', '-')
    start_response('200 OK', [('Content-Type', 'text/plain')])
    return ['%s %s %s' % (before, now, raw)]
