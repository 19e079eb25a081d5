# auth.wsgi - WSGIAuthUserScript / WSGIAuthGroupScript of the wsgi-auth case.
# Runs unchanged on Python 3 (mod_wsgi) and Jython 2.7 (wsgi4j).
import os
import sys

_here = os.path.dirname(__file__)
if _here not in sys.path:
    sys.path.insert(0, _here)
import authseen

# Users this script knows, with their password ("pw" unless said otherwise). Anyone else: None.
_KNOWN = ('alice', 'bob', 'dave', 'gboom', 'gnone', 'gint', 'gempty', 'gcase', 'gstr', 'gtuple',
          'renamed', 'emptyname', 'one', 'listy', 'boom', 'colon')


def check_password(environ, user, password):
    authseen.note(environ, 'check_password', user)
    if user not in _KNOWN:
        return None
    if user == 'boom':
        raise RuntimeError('check_password failed on purpose')
    if user == 'colon':
        return password == 'a:b:c'
    if password != 'pw':
        return False
    if user == 'renamed':
        return 'Renamed-User'
    if user == 'emptyname':
        return ''
    if user == 'one':
        return 1
    if user == 'listy':
        return ['alice']
    return True


def groups_for_user(environ, user):
    authseen.note(environ, 'groups_for_user', user)
    if user == 'gboom':
        raise RuntimeError('groups_for_user failed on purpose')
    return {
        'alice': ['admins', 'staff'],
        'bob': ['staff'],
        'carol': ['staff'],
        'Renamed-User': ['admins'],
        'gnone': None,
        'gint': [1],
        'gempty': [],
        'gcase': ['ADMINS'],
        'gstr': 'admins',
        'gtuple': ('x', 'admins'),
    }.get(user, [])
