# authseen - what the auth scripts of this case saw, kept per interpreter (application group) and
# per probe request (the X-Probe header), for app.wsgi to report. Python 3 and Jython 2.7.
SEEN = {}

# Values that differ between runs or servers: only their presence is reported.
_VOLATILE = ('REMOTE_PORT', 'SERVER_SOFTWARE', 'DOCUMENT_ROOT', 'CONTEXT_DOCUMENT_ROOT')


def _text(v):
    if not isinstance(v, type(u'')):
        try:
            return v.decode('latin-1')  # Python 2 byte string
        except AttributeError:
            return v
    return v


def _show(key, value):
    if key in _VOLATILE:
        return u'<present>'
    if isinstance(value, bool):
        return u'<bool %s>' % value
    if isinstance(value, str) or isinstance(value, type(u'')):
        return u'%s:%s' % (type(value).__name__ == 'str' and u'str' or u'unicode', _text(value))
    if isinstance(value, tuple):
        return u'<tuple %s>' % u'.'.join([u'%s' % x for x in value])
    if isinstance(value, int):
        return u'<int %d>' % value
    if callable(value):
        return u'<callable>'
    if hasattr(value, 'write'):
        return u'<file-like>'
    return u'<object>'


def describe(environ):
    return u'\n'.join([u'%s=%s' % (_text(k), _show(k, environ[k])) for k in sorted(environ.keys())])


def note(environ, what, user):
    probe = _text(environ.get('HTTP_X_PROBE', ''))
    entry = SEEN.setdefault(probe, {'calls': [], 'environ': u''})
    entry['calls'].append(u'%s(%s:%s)' % (what, type(user).__name__ == 'str' and u'str' or u'unicode', _text(user)))
    entry['environ'] = describe(environ)
