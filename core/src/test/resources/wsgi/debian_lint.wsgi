# Every test app of apps.wsgi and echo.wsgi, wrapped by the standard library's wsgiref.validate
# (wsgiref_<name>) and by Debian's paste.lint (paste_<name>). Warnings are errors here, so any
# complaint by either validator becomes an exception and so a 500.
import os
import warnings

from wsgiref.validate import validator
from paste.lint import middleware

warnings.simplefilter('error')

_here = os.path.dirname(__file__)
_apps = {}
execfile(os.path.join(_here, 'apps.wsgi'), _apps)
_echo = {}
execfile(os.path.join(_here, 'echo.wsgi'), _echo)
_apps['echo'] = _echo['application']

for _name, _app in list(_apps.items()):
    if callable(_app) and not isinstance(_app, type) and not _name.startswith('_'):
        globals()['plain_' + _name] = _app
        globals()['wsgiref_' + _name] = validator(_app)
        globals()['paste_' + _name] = middleware(_app)
