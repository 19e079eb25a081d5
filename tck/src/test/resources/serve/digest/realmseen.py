# realmseen.py - what get_realm_hash was called with, per request (X-Probe header), so that the
# application running after it in the same interpreter can report it.
SEEN = {}


def text(value):
    if isinstance(value, bytes) and not isinstance(value, str):
        return value.decode('latin-1')
    return value


def note(environ, user, realm):
    key = text(environ.get('HTTP_X_PROBE', ''))
    calls = SEEN.setdefault(key, [])
    calls.append({
        'user': text(user),
        'realm': text(realm),
        'authorization in environ': 'HTTP_AUTHORIZATION' in environ,
        'REQUEST_URI': text(environ.get('REQUEST_URI', '')),
    })
