# access.wsgi - WSGIAccessScript of the wsgi-access case: allow_access answers what the request's
# X-Access header asks for. Runs unchanged on Python 3 (mod_wsgi) and Jython 2.7 (wsgi4j).
import os
import sys

_here = os.path.dirname(__file__)
if _here not in sys.path:
    sys.path.insert(0, _here)
import authseen


def allow_access(environ, host):
    authseen.note(environ, 'allow_access', host)
    wanted = authseen._text(environ.get('HTTP_X_ACCESS', ''))
    if wanted == 'true':
        return True
    if wanted == 'false':
        return False
    if wanted == 'none':
        return None
    if wanted == 'int':
        return 1
    if wanted == 'str':
        return 'yes'
    if wanted == 'raise':
        raise RuntimeError('allow_access failed on purpose')
    return None


def check_password(environ, user, password):
    authseen.note(environ, 'check_password', user)
    if password != 'pw':
        return False
    return True


def groups_for_user(environ, user):
    authseen.note(environ, 'groups_for_user', user)
    return {'alice': ['admins']}.get(user, ['staff'])
