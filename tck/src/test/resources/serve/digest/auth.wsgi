# auth.wsgi - mod_wsgi's Digest provider: get_realm_hash(environ, user, realm) returns the hex
# MD5 of user:realm:password, None for an unknown user, and the failure modes. Python 3 and
# Jython 2.7.
import hashlib
import os
import sys

_here = os.path.dirname(__file__)
if _here not in sys.path:
    sys.path.insert(0, _here)
import realmseen

PASSWORDS = {'alice': 'wonderland', 'bob': 'builder'}


def _ha1(user, realm, password):
    text = '%s:%s:%s' % (realmseen.text(user), realmseen.text(realm), password)
    return hashlib.md5(text.encode('latin-1')).hexdigest()


def get_realm_hash(environ, user, realm):
    realmseen.note(environ, user, realm)
    name = realmseen.text(user)
    if name in PASSWORDS:
        return _ha1(user, realm, PASSWORDS[name])
    if name == 'upper':
        return _ha1(user, realm, 'upper').upper()
    if name == 'raises':
        raise RuntimeError('get_realm_hash failed on purpose')
    if name == 'number':
        return 42
    if name == 'false':
        return False
    return None
